package io.switchboard.bootstrap.client;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TcpProxy;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Message;
import io.switchboard.client.Subscribed;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TokenSource;
import io.switchboard.client.TopicClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.switchboard.bootstrap.client.ClientFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resubscribe with recovery: after a drop the client asks for what it missed ({@code since} its last offset and
 * epoch) and gets it once, in order; when the history no longer reaches back it is told {@code recovered:false}.
 * Needs the history feature: excluded in bootstrap/pom.xml until it is merged.
 */
class ClientRecoveryConformanceTest {
    @Test
    void whatWasMissedWhileOfflineIsReplayedOnceInOrder() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            Account ada = server.api().newAccount("recovery");
            try (TcpProxy proxy = new TcpProxy(server.port());
                 SwitchboardClient sb = client(proxy.baseUrl(), TokenSource.fixed(ada.token()))) {
                TopicClient topics = sb.topics();
                ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
                topics.subscribe("messages.channel.client-recovery", inbox);
                server.api().sendToChannel(ada, "client-recovery", "m0");
                Await.until("m0", () -> inbox.contents("m0") == 1);
                assertThat(inbox.sent().get(0).offset()).isNotNull();

                proxy.offline(true);
                proxy.cut();
                Await.until("offline", () -> topics.connectionState() != ConnectionState.CONNECTED);
                for (int i = 1; i <= 3; i++) {
                    server.api().sendToChannel(ada, "client-recovery", "m" + i);
                }
                proxy.offline(false);

                Await.until("m1..m3 replayed", Duration.ofSeconds(10), () -> inbox.sent().size() == 4);
                assertThat(inbox.sent()).extracting(m -> m.data().path("content").asText())
                        .containsExactly("m0", "m1", "m2", "m3");
                assertThat(inbox.sent()).extracting(Message::offset).doesNotHaveDuplicates().isSorted();
                Subscribed again = inbox.subscribed.get(inbox.subscribed.size() - 1);
                assertThat(again.resubscribe()).isTrue();
                assertThat(again.recovered()).isTrue();
            }
        }
    }

    @Test
    void aGapTheHistoryDoesNotCoverIsRecoveredFalse() throws Exception {
        try (TestServer server = TestServer.start(Map.of("HISTORY_SIZE", "2"))) {
            Account ada = server.api().newAccount("recovery-gap");
            try (TcpProxy proxy = new TcpProxy(server.port());
                 SwitchboardClient sb = client(proxy.baseUrl(), TokenSource.fixed(ada.token()))) {
                TopicClient topics = sb.topics();
                ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
                topics.subscribe("messages.channel.client-gap", inbox);
                server.api().sendToChannel(ada, "client-gap", "g0");
                Await.until("g0", () -> inbox.contents("g0") == 1);

                proxy.offline(true);
                proxy.cut();
                Await.until("offline", () -> topics.connectionState() != ConnectionState.CONNECTED);
                for (int i = 1; i <= 5; i++) {
                    server.api().sendToChannel(ada, "client-gap", "g" + i);
                }
                proxy.offline(false);

                Await.until("the resubscribe answered", Duration.ofSeconds(10), () -> inbox.subscribed.size() == 2);
                Subscribed again = inbox.subscribed.get(1);
                assertThat(again.recovered()).isFalse();
                assertThat(inbox.sent()).as("no partial replay").hasSize(1);
            }
        }
    }
}
