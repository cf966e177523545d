package io.switchboard.bootstrap.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Real HTTP/1.1 against a test server with the JDK client. Bodies go out exactly as given: a value is encoded
 * with Jackson, a raw string is sent byte for byte (for malformed input), or any {@link HttpRequest.BodyPublisher}
 * (for streamed bodies without a length).
 *
 * <pre>{@code
 * Http.Response r = http.call("POST", "/api/messages").bearer(token).json(Map.of("content", "hi")).send();
 * Http.Response r = http.call("POST", "/api/auth/login").raw("{not json").send();
 * }</pre>
 */
public final class Http {
    /** The mapper tests read responses with; deliberately not the server's. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final HttpClient client;

    public Http(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    public HttpClient client() {
        return client;
    }

    public Call call(String method, String pathAndQuery) {
        return new Call(method, pathAndQuery);
    }

    public Response get(String path) {
        return call("GET", path).send();
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value, e);
        }
    }

    /** One request being built; {@link #send()} it once. */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Adds {@code Authorization: Bearer <token>}; a null token adds nothing. */
        public Call bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        public Call requestId(String id) {
            return header("X-Request-Id", id);
        }

        /** A value encoded as JSON (maps, lists, strings, numbers...), with Content-Type application/json. */
        public Call json(Object value) {
            return raw(toJson(value));
        }

        /** A body sent byte for byte (UTF-8), with Content-Type application/json. */
        public Call raw(String text) {
            header("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(text);
            return this;
        }

        /** Any body; {@code HttpRequest.BodyPublishers.ofInputStream} sends it chunked, without Content-Length. */
        public Call body(HttpRequest.BodyPublisher publisher) {
            header("Content-Type", "application/json");
            body = publisher;
            return this;
        }

        public HttpRequest build() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).method(method, body);
            headers.forEach(builder::header);
            return builder.build();
        }

        public Response send() {
            try {
                return Response.of(client.send(build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during " + method + " " + path, e);
            }
        }

        public CompletableFuture<Response> sendAsync() {
            return client.sendAsync(build(), HttpResponse.BodyHandlers.ofString()).thenApply(Response::of);
        }
    }

    /** A finished response: status, headers and the body as text, parsed as JSON on demand. */
    public record Response(int status, HttpHeaders headers, String body) {
        static Response of(HttpResponse<String> response) {
            return new Response(response.statusCode(), response.headers(), response.body());
        }

        /** Unwraps the failure of an async call so that an assertion shows the real cause. */
        public static Response join(CompletableFuture<Response> future) {
            try {
                return future.join();
            } catch (CompletionException e) {
                throw new IllegalStateException("request failed", e.getCause());
            }
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            if (body == null || body.isEmpty()) {
                throw new AssertionError("expected a JSON body but the response has none: " + this);
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("the body is not JSON: " + this, e);
            }
        }

        /** The {@code data} of a success envelope. */
        public JsonNode data() {
            return json().path("data");
        }

        /** The {@code error} of an error envelope. */
        public JsonNode error() {
            return json().path("error");
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
            return "HTTP " + status + " " + shown;
        }
    }
}
