// Channels, presence, typing and online status in one file, JDK 17 and nothing else:
//
//     java docs/examples/RoomsExample.java                  # server on http://localhost:8080
//     java docs/examples/RoomsExample.java http://host:port
//
// Two fresh accounts, Ada and Bob. Ada declares a private channel and adds Bob. Bob opens /ws, subscribes to the
// channel's topic (and gets his own presence.join) and asks who is present; Ada opens /ws and subscribes too, so
// she and Bob get her presence.join. Ada
// types (Bob sees `typing`), then posts over REST (Bob sees the message, and Ada's typing ends). Bob checks that Ada
// is online, Ada closes her socket and Bob sees her presence.leave. Every frame is printed (`>` sent, `<` received;
// tokens are never printed). Exit status 0 once everything arrived, 1 otherwise.

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

public class RoomsExample {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        try {
            run(args.length > 0 ? args[0] : "http://localhost:8080");
            System.out.println("done");
        } catch (IllegalStateException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The whole walk-through; throws IllegalStateException when something expected does not happen. */
    public static void run(String base) throws Exception {
        String[] ada = account(base, "Ada Example");
        String[] bob = account(base, "Bob Example");
        String channel = "room-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "messages.channel." + channel;

        call("POST", base + "/api/channels", "{\"channelId\":\"" + channel + "\",\"name\":\"Example room\","
                + "\"private\":true}", ada[1], 201);
        call("PUT", base + "/api/channels/" + channel + "/members/" + bob[0], "{\"role\":\"member\"}", ada[1], 201);

        Socket bobWs = Socket.open(base, bob[1], "bob");
        bobWs.expect("auth_success");
        bobWs.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"id\":\"s1\"}");
        bobWs.expect("subscribed");
        bobWs.expectEvent("presence.join"); // his own: a join reaches every subscriber, the joiner's connections too
        bobWs.send("{\"type\":\"presence\",\"topic\":\"" + topic + "\",\"id\":\"q1\"}");
        bobWs.expect("presence"); // Bob alone: total 1

        Socket adaWs = Socket.open(base, ada[1], "ada");
        adaWs.expect("auth_success");
        adaWs.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"id\":\"s2\"}");
        adaWs.expect("subscribed");
        adaWs.expectEvent("presence.join"); // her own, right after `subscribed`
        bobWs.expectEvent("presence.join"); // Ada's

        adaWs.send("{\"type\":\"typing\",\"topic\":\"" + topic + "\",\"typing\":true}");
        bobWs.expectEvent("typing"); // {userId: Ada, typing: true}

        call("POST", base + "/api/messages", "{\"channelId\":\"" + channel + "\",\"content\":\"hello Bob\"}", ada[1],
                201);
        // the message, and the end of Ada's typing that posting caused ({typing: false}): two publications, in
        // either order
        bobWs.expectEventsInAnyOrder("message.sent", "typing");

        String online = call("GET", base + "/api/users/online?ids=" + ada[0], null, bob[1], 200);
        System.out.println("online: " + online);
        if (!online.contains("\"online\":true")) {
            throw new IllegalStateException("Ada should be online");
        }

        adaWs.close();
        bobWs.expectEvent("presence.leave");
        bobWs.close();
    }

    /** Registers and logs in a fresh account: {id, token}. */
    private static String[] account(String base, String name) throws Exception {
        String email = "rooms-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "Demo-Passw0rd!";
        String user = call("POST", base + "/api/auth/register", "{\"email\":\"" + email + "\",\"name\":\"" + name
                + "\",\"password\":\"" + password + "\"}", null, 201);
        String login = call("POST", base + "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\""
                + password + "\"}", null, 200);
        return new String[] {field(user, "id"), field(login, "token")};
    }

    /** One WebSocket with a queue of the whole text frames it received. */
    private static final class Socket implements WebSocket.Listener {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final String who;
        private WebSocket ws;

        private Socket(String who) {
            this.who = who;
        }

        static Socket open(String base, String token, String who) throws Exception {
            Socket socket = new Socket(who);
            socket.ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"), socket).get(10, TimeUnit.SECONDS);
            return socket;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String frame) throws Exception {
            System.out.println(who + " > " + frame);
            ws.sendText(frame, true).get(5, TimeUnit.SECONDS);
        }

        /** The next frame, which must be of {@code type}. */
        String expect(String type) throws InterruptedException {
            String frame = next();
            while ("message".equals(field(frame, "type")) && !"message".equals(type)) {
                frame = next(); // an event that came first (e.g. a presence.join); this walk-through skips it
            }
            if (!type.equals(field(frame, "type"))) {
                throw new IllegalStateException(who + " expected a " + type + " frame, got " + frame);
            }
            return frame;
        }

        /** Skips frames until a `message` frame with this eventType. */
        String expectEvent(String eventType) throws InterruptedException {
            while (true) {
                String frame = next();
                if ("message".equals(field(frame, "type")) && eventType.equals(field(frame, "eventType"))) {
                    return frame;
                }
            }
        }

        /** Skips frames until a `message` frame of each of these eventTypes arrived, in any order. */
        void expectEventsInAnyOrder(String... eventTypes) throws InterruptedException {
            java.util.List<String> left = new java.util.ArrayList<>(java.util.List.of(eventTypes));
            while (!left.isEmpty()) {
                String frame = next();
                if ("message".equals(field(frame, "type"))) {
                    left.remove(field(frame, "eventType"));
                }
            }
        }

        private String next() throws InterruptedException {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new IllegalStateException(who + ": no frame within 10 s");
            }
            System.out.println(who + " < " + frame);
            return frame;
        }

        void close() throws Exception {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    private static String call(String method, String url, String json, String token, int expectedStatus)
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
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** The first string value of {@code name} in a JSON text: enough for this demo, not a JSON parser. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
