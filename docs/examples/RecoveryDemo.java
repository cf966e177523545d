// History and recovery in one file, JDK 17 and nothing else (docs/history-and-recovery.md):
//
//     java docs/examples/RecoveryDemo.java                  # server on http://localhost:8080
//     java docs/examples/RecoveryDemo.java http://host:port
//
// It registers an account, subscribes to `public.recovery-demo.<run>` (public.** keeps history by default),
// publishes one message and notes the offset and epoch its delivery carries, goes away, lets another connection
// publish two more, comes back with `subscribe` + `since` and receives exactly the two it missed
// (`recovered:true`), then reads the same from GET /api/history. It prints every frame (`>` sent, `<` received;
// the token is never printed) and exits 0 when everything arrived as described, 1 otherwise.

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

public class RecoveryDemo {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "public.recovery-demo." + run;
        String email = "recovery-" + run + "@example.com";
        String password = "Demo-Passw0rd!";
        http("POST", base + "/api/auth/register",
                "{\"email\":\"" + email + "\",\"name\":\"Recovery Demo\",\"password\":\"" + password + "\"}", null, 201);
        String token = field(http("POST", base + "/api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null, 200), "token");

        // 1. Subscribe, publish one, remember where we are.
        Client first = Client.open(base, token);
        first.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
        first.expect("subscribed");
        // public.** is also a presence topic: our own presence.join follows `subscribed` (it has no offset: presence
        // events are live only, never stored or replayed)
        first.expectEvent("presence.join");
        first.send("{\"type\":\"message\",\"topic\":\"" + topic + "\",\"content\":\"one\"}");
        String delivered = first.expect("message");
        long offset = number(delivered, "offset");
        String epoch = field(delivered, "epoch");
        first.expect("published");
        System.out.println("at offset " + offset + " of epoch " + epoch + "; going away");
        first.close();

        // 2. Meanwhile someone else publishes two more.
        Client other = Client.open(base, token);
        other.send("{\"type\":\"message\",\"topic\":\"" + topic + "\",\"content\":\"two\"}");
        other.expect("published");
        other.send("{\"type\":\"message\",\"topic\":\"" + topic + "\",\"content\":\"three\"}");
        other.expect("published");
        other.close();

        // 3. Back: subscribe with since; the two missed ones come first, then live ones.
        Client back = Client.open(base, token);
        back.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":{\"offset\":" + offset
                + ",\"epoch\":\"" + epoch + "\"}}");
        String subscribed = back.expect("subscribed");
        if (!subscribed.contains("\"recovered\":true")) {
            fail("expected recovered:true");
        }
        check(back.expect("message"), offset + 1, "two"); // the replay comes before our own presence.join
        check(back.expect("message"), offset + 2, "three");
        back.close();

        // 4. The same over REST.
        String page = http("GET", base + "/api/history?topic=" + topic + "&since=" + offset, null, token, 200);
        System.out.println("GET /api/history: " + page);
        if (!page.contains("\"content\":\"two\"") || !page.contains("\"content\":\"three\"")) {
            fail("GET /api/history should list the two publications after offset " + offset);
        }
        System.out.println("done: nothing missed");
    }

    private static void check(String frame, long offset, String content) {
        if (number(frame, "offset") != offset || !content.equals(field(frame, "content"))) {
            fail("expected offset " + offset + " with content " + content);
        }
    }

    /** One topic-dialect connection, authenticated with an `auth` frame. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Client open(String base, String token) throws Exception {
            Client client = new Client();
            client.ws = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"), client).get(10, TimeUnit.SECONDS);
            client.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
            client.expect("auth_success");
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        void send(String frame) throws Exception {
            System.out.println("> " + frame.replaceAll("\"token\":\"[^\"]*\"", "\"token\":\"…\""));
            ws.sendText(frame, true).get(5, TimeUnit.SECONDS);
        }

        /** The next frame, which must be of {@code type}. */
        /** The next frame is a `message` of {@code eventType}. */
        String expectEvent(String eventType) throws InterruptedException {
            String frame = expect("message");
            if (!eventType.equals(field(frame, "eventType"))) {
                fail("expected a " + eventType + " message");
            }
            return frame;
        }

        String expect(String type) throws InterruptedException {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                fail("no frame within 10 s; expected " + type);
            }
            System.out.println("< " + frame);
            if (!type.equals(field(frame, "type"))) {
                fail("expected a " + type + " frame");
            }
            return frame;
        }

        void close() throws Exception {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    private static String http(String method, String url, String json, String token, int expectedStatus)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            fail(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The first string value of {@code name} in a JSON text: enough for this demo, not a JSON parser. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The first integer value of {@code name} in a JSON text, or -1. */
    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void fail(String message) {
        System.err.println("FAILED: " + message);
        System.exit(1);
    }
}
