package io.switchboard.bootstrap.client;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.client.Presence;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TokenSource;
import io.switchboard.client.TopicClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.bootstrap.client.ClientFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's presence and typing helpers against the server's presence (join/leave events, the presence query,
 * typing). Needs the rooms/presence feature: excluded in bootstrap/pom.xml until it is merged.
 */
class ClientPresenceConformanceTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void joinPresenceTypingAndLeave() {
        Account ada = server.api().newAccount("presence-ada");
        Account bob = server.api().newAccount("presence-bob");
        String topic = "messages.channel.client-presence";
        try (SwitchboardClient a = client(server.baseUrl(), TokenSource.fixed(ada.token()))) {
            TopicClient adaTopics = a.topics();
            ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
            adaTopics.subscribe(topic, inbox);

            try (SwitchboardClient b = client(server.baseUrl(), TokenSource.fixed(bob.token()))) {
                TopicClient bobTopics = b.topics();
                bobTopics.subscribe(topic, m -> { });
                Await.until("bob's join", () -> inbox.messages.stream().anyMatch(m -> "presence.join"
                        .equals(m.eventType()) && bob.id().equals(m.data().path("userId").asText())));

                Presence presence = adaTopics.presence(topic);
                assertThat(presence.total()).isEqualTo(2);
                assertThat(presence.users()).extracting(Presence.User::userId).contains(ada.id(), bob.id());

                bobTopics.typing(topic, true);
                Await.until("bob typing", () -> inbox.messages.stream().anyMatch(m -> "typing".equals(m.eventType())
                        && m.data().path("typing").asBoolean() && bob.id().equals(m.data().path("userId").asText())));
            }
            Await.until("bob's leave", () -> inbox.messages.stream().anyMatch(m -> "presence.leave"
                    .equals(m.eventType()) && bob.id().equals(m.data().path("userId").asText())));
        }
    }
}
