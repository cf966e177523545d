package io.switchboard.adapters.in.http;

import org.eclipse.jetty.http.ComplianceViolation;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Components;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A Jetty {@link Request} without a server, for the fast tests of what reads a request (HttpCall): only its
 * method, URI, headers, length and attributes, and the default HTTP configuration that query parsing looks up;
 * anything else throws, so a test notices when more is needed.
 */
final class FakeRequest {
    private FakeRequest() {
    }

    static Request of(String method, String pathAndQuery, HttpFields headers, long length) {
        HttpURI uri = HttpURI.from("http://127.0.0.1:8080" + pathAndQuery);
        Map<String, Object> attributes = new HashMap<>();
        ConnectionMetaData connection = proxy(ConnectionMetaData.class, (name, args) -> switch (name) {
            case "getHttpConfiguration" -> new HttpConfiguration();
            default -> throw new UnsupportedOperationException("ConnectionMetaData." + name);
        });
        Object channel = Proxy.newProxyInstance(FakeRequest.class.getClassLoader(),
                new Class<?>[] {Components.class, HttpChannel.class}, (p, m, args) -> switch (m.getName()) {
                    case "getConnectionMetaData" -> connection;
                    case "getComplianceViolationListener" -> ComplianceViolation.Listener.NOOP;
                    default -> throw new UnsupportedOperationException("HttpChannel." + m.getName());
                });
        return (Request) Proxy.newProxyInstance(Request.class.getClassLoader(), new Class<?>[] {Request.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHttpURI" -> uri;
                    case "getHeaders" -> headers;
                    case "getLength" -> length;
                    case "getComponents" -> channel;
                    case "getConnectionMetaData" -> connection;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "toString" -> "FakeRequest " + method + " " + pathAndQuery;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("FakeRequest." + m.getName());
                });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(FakeRequest.class.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> answer.answer(m.getName(), args)));
    }

    static Request get(String pathAndQuery) {
        return of("GET", pathAndQuery, HttpFields.EMPTY, 0);
    }
}
