// The Java client (module client/, artifact switchboard-client) in one file. With the server running:
//
//     mvn -B -q package -pl client -am -DskipTests
//     java -cp "client/target/switchboard-client-0.1.0-SNAPSHOT.jar:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-*/2.22*/jackson-*.jar | tr '\n' ':')" \
//          docs/examples/ClientExample.java [http://localhost:8080]
//
// It registers an account, logs in (the token source refreshes the token before it expires), subscribes to a
// channel, posts to it over REST and gets the message over the socket, then creates a session, watches it with the
// session dialect, starts and switches it and prints the running clock as computed from the server's clock offset.
// It exits 0 once everything arrived, 1 otherwise.

import io.switchboard.client.Auth;
import io.switchboard.client.SessionWatcher;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TopicClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public class ClientExample {
    public static void main(String[] args) throws Exception {
        URI server = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
        ObjectMapper json = new ObjectMapper();
        Auth auth = new Auth(server);
        String email = "client-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        auth.register(email, "Client Example", "Corr3ct-Horse!");
        Auth.Login login = auth.login(email, "Corr3ct-Horse!");
        System.out.println("logged in as " + email);

        try (SwitchboardClient client = SwitchboardClient.builder(server).tokens(auth.tokenSource(login)).build()) {
            TopicClient topics = client.topics();
            topics.addStateListener((state, why) -> System.out.println("topics: " + state + (why == null ? "" : " " + why)));
            CompletableFuture<String> got = new CompletableFuture<>();
            topics.subscribe("messages.channel.general", m -> {
                System.out.println("< " + m.topic() + " " + m.eventType() + " " + m.data().path("content").asText());
                got.complete(m.data().path("content").asText());
            });
            ObjectNode message = json.createObjectNode().put("channelId", "general").put("content", "hello from the client");
            auth.call("POST", "/api/messages", login.token().value(), message);
            got.get(10, TimeUnit.SECONDS);

            String sessionId = UUID.randomUUID().toString();
            CompletableFuture<String> switched = new CompletableFuture<>();
            SessionWatcher watcher = client.watchSession(sessionId, (state, event) -> {
                System.out.println("session v" + state.version() + " " + (event == null ? "STATE_SYNC" : event) + " " + state.status());
                if ("SWITCHED".equals(event)) {
                    switched.complete(state.activeParticipantId());
                }
            });
            watcher.awaitConnected();
            ObjectNode create = json.createObjectNode().put("sessionId", sessionId).put("syncMode", "per_participant")
                    .put("totalTimeMs", 300_000);
            create.putArray("participants").add(json.createObjectNode().put("participantId", login.userId()))
                    .add(json.createObjectNode().put("participantId", "bob"));
            auth.call("POST", "/api/sessions", login.token().value(), create);
            auth.call("POST", "/api/sessions/" + sessionId + "/start", login.token().value(), null);
            auth.call("POST", "/api/sessions/" + sessionId + "/switch", login.token().value(), null);
            System.out.println("now active: " + switched.get(10, TimeUnit.SECONDS));
            System.out.printf("clock offset %.1f ms, remaining %d ms%n", watcher.clockOffsetMs(),
                    watcher.remainingMs().orElseThrow());
            System.out.println("done");
        } catch (Exception e) {
            System.out.println("failed: " + e);
            System.exit(1);
        }
    }
}
