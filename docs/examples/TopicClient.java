// A Switchboard topic-dialect client in one file, JDK 17 and nothing else:
//
//     java docs/examples/TopicClient.java                  # server on http://localhost:8080
//     java docs/examples/TopicClient.java http://host:port
//
// It registers a fresh account over REST, logs in, opens /ws, authenticates with an `auth` frame, subscribes,
// publishes an ephemeral broadcast over the socket, posts a channel message over REST, pings, and prints every
// frame (`>` sent, `<` received; the token is never printed). It exits 0 once every expected reply and delivery
// arrived, 1 otherwise.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class TopicClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final BlockingQueue<String> FRAMES = new LinkedBlockingQueue<>();

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String email = "demo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "Demo-Passw0rd!";

        post(base + "/api/auth/register",
                "{\"email\":\"" + email + "\",\"name\":\"Demo User\",\"password\":\"" + password + "\"}", null, 201);
        String login = post(base + "/api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null, 200);
        String token = field(login, "token");
        System.out.println("logged in as " + email);

        WebSocket ws = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"), new Collector())
                .get(10, TimeUnit.SECONDS);

        send(ws, "{\"type\":\"auth\",\"token\":\"" + token + "\",\"id\":\"a1\"}");
        expect("auth_success");

        send(ws, "{\"type\":\"subscribe\",\"topics\":[\"messages.channel.general\",\"public.demo.**\"],\"id\":\"s1\"}");
        // Two `subscribed` replies, and our own `presence.join` on messages.channel.general (a presence topic): it
        // follows that topic's `subscribed`, before or after the second `subscribed`.
        expectInAnyOrder("subscribed", "subscribed", "presence.join");

        send(ws, "{\"type\":\"message\",\"topic\":\"public.demo.hello\",\"content\":\"hi over the socket\","
                + "\"data\":{\"mood\":\"cheerful\"},\"id\":\"p1\"}");
        expect("message"); // our own broadcast, delivered because we subscribed to public.demo.**
        expect("published");

        post(base + "/api/messages", "{\"content\":\"hello over REST\",\"channelId\":\"general\"}", token, 201);
        expect("message"); // message.sent on messages.channel.general

        send(ws, "{\"type\":\"ping\",\"id\":\"k1\"}");
        expect("pong");

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        System.out.println("done");
    }

    /** Receives text frames (they may come in parts) and queues each whole one. */
    private static final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                FRAMES.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            System.out.println("closed by the server: " + statusCode + " " + reason);
            return null;
        }
    }

    private static void send(WebSocket ws, String frame) throws Exception {
        System.out.println("> " + frame.replaceAll("\"token\":\"[^\"]*\"", "\"token\":\"…\""));
        ws.sendText(frame, true).get(5, TimeUnit.SECONDS);
    }

    /** Waits for the next frame and checks its type; an error frame or a silence of 10 s ends the program. */
    private static void expect(String type) throws InterruptedException {
        String frame = FRAMES.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            fail("no frame within 10 s; expected " + type);
        }
        System.out.println("< " + frame);
        if (!type.equals(field(frame, "type"))) {
            fail("expected a " + type + " frame");
        }
    }

    /**
     * Waits for frames matching each of {@code kinds} in any order (a kind is a frame's `type`, or for a `message`
     * its `eventType`); anything else, an error frame or a silence of 10 s ends the program.
     */
    private static void expectInAnyOrder(String... kinds) throws InterruptedException {
        java.util.List<String> left = new java.util.ArrayList<>(java.util.List.of(kinds));
        while (!left.isEmpty()) {
            String frame = FRAMES.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                fail("no frame within 10 s; expected " + left);
            }
            System.out.println("< " + frame);
            String type = field(frame, "type");
            String kind = "message".equals(type) ? field(frame, "eventType") : type;
            if (!left.remove(kind)) {
                fail("expected one of " + left);
            }
        }
    }

    private static String post(String url, String json, String token, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            fail("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The first string value of {@code name} in a JSON text: enough for this demo, not a JSON parser. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static void fail(String message) {
        System.err.println("FAILED: " + message);
        System.exit(1);
    }
}
