package io.switchboard.adapters.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.adapters.in.json.JsonObject;
import io.switchboard.application.port.in.publish.AuthenticateServerCallerUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.publish.ServerCaller;
import io.switchboard.domain.user.Caller;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * One REST request as an endpoint sees it: path parameters, query, headers, the JSON body (already read, within
 * the size limit) and the caller.
 */
final class HttpCall {
    private final Request request;
    private final Map<String, String> pathParams;
    private final AuthenticateUseCase authenticate;
    private final AuthenticateServerCallerUseCase serverAuth;
    private byte[] body;
    private Fields query;
    private Caller caller;
    private ServerCaller serverCaller;

    HttpCall(Request request, Map<String, String> pathParams, AuthenticateUseCase authenticate,
             AuthenticateServerCallerUseCase serverAuth) {
        this.request = request;
        this.pathParams = pathParams;
        this.authenticate = authenticate;
        this.serverAuth = serverAuth;
    }

    /** The whole body, read beforehand without blocking a thread (see {@link BodyReader}). */
    void receivedBody(byte[] bytes) {
        this.body = bytes;
    }

    /** The X-Request-Id of the response, for log lines. */
    String requestId() {
        Object id = request.getAttribute(RequestIds.ATTRIBUTE);
        return id == null ? "-" : id.toString();
    }

    String path(String name) {
        return pathParams.get(name);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** A query parameter, or null; a parameter given twice is ambiguous and refused. */
    String query(String name) {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // Jetty's HttpException variants for bad %-escapes or UTF-8: the client's fault, not a 500.
                throw new InvalidInput("INVALID_QUERY", "the query string is not valid percent-encoded UTF-8");
            }
        }
        Fields.Field field = query.get(name);
        if (field == null) {
            return null;
        }
        if (field.getValues().size() > 1) {
            throw new InvalidInput("INVALID_QUERY", "query parameter '" + name + "' is given more than once");
        }
        return field.getValue();
    }

    /** An optional positive integer query parameter; anything else is code 1 INVALID_QUERY. */
    int intQuery(String name, int defaultValue) {
        String text = query(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidInput("INVALID_QUERY", "query parameter '" + name + "' must be an integer");
        }
    }

    /**
     * The authenticated caller, verified on first use (code 4 when the token is missing or bad). An API key is
     * refused: 401 API_KEY_INVALID when it is none, else 403 API_KEY_NOT_ALLOWED (keys may use the server API only).
     */
    Caller caller() {
        if (caller == null) {
            String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            String apiKey = BearerTokens.apiKeyFrom(authorization);
            if (apiKey != null) {
                serverAuth.withApiKey(apiKey);
                throw new Forbidden("API_KEY_NOT_ALLOWED",
                        "an API key may only publish, broadcast and count subscribers (POST /api/publish, "
                                + "POST /api/broadcast, GET /api/topics/{topic}/subscribers)");
            }
            caller = authenticate.authenticate(BearerTokens.from(authorization)).caller();
        }
        return caller;
    }

    /** The caller of a server API route: an API key, or an admin's token (code 4, or 5 for a non-admin). */
    ServerCaller serverCaller() {
        if (serverCaller == null) {
            String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            String apiKey = BearerTokens.apiKeyFrom(authorization);
            serverCaller = apiKey != null ? serverAuth.withApiKey(apiKey)
                    : serverAuth.withToken(BearerTokens.from(authorization));
        }
        return serverCaller;
    }

    /** The request body as a JSON object (code 1 when malformed or missing, 2 when not an object). */
    JsonObject body() throws IOException {
        return JsonObject.of(Json.parse(new ByteArrayInputStream(body == null ? new byte[0] : body)));
    }

    /** The body, or null when the request has none. */
    JsonObject optionalBody() throws IOException {
        return hasBody(request) ? body() : null;
    }

    /** Whether the request announces a body: a positive Content-Length, or a chunked one of unknown length. */
    static boolean hasBody(Request request) {
        long length = request.getLength();
        return length > 0 || (length < 0 && request.getHeaders().get(HttpHeader.TRANSFER_ENCODING) != null);
    }
}
