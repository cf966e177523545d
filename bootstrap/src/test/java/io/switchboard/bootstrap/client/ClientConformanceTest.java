package io.switchboard.bootstrap.client;

import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TcpProxy;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.client.Auth;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Disconnect;
import io.switchboard.client.SessionListener;
import io.switchboard.client.SessionSnapshot;
import io.switchboard.client.SessionWatcher;
import io.switchboard.client.Subscription;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardException;
import io.switchboard.client.TokenSource;
import io.switchboard.client.Message;
import io.switchboard.client.TopicClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static io.switchboard.bootstrap.client.ClientFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conformance list every Switchboard client passes (the browser client runs the same list in Chromium,
 * BrowserClientTest): a drop in the middle of a subscribe, a token expiring while offline, a server drain (1001,
 * jittered reconnect), the clock offset from the lowest-RTT PING/PONG within 5 ms on loopback, plus the basics
 * (a REST post arrives, a bad token is terminal, the session clock). Trouble is played by a {@link TcpProxy}
 * between the client and a real server.
 */
class ClientConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCH_RATE_LIMIT", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aMessagePostedOverRestArrivesOnce() throws Exception {
        Account ada = server.api().newAccount("client-basic");
        try (SwitchboardClient sb = client(server.baseUrl(), TokenSource.fixed(ada.token()))) {
            TopicClient topics = sb.topics();
            ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
            Subscription sub = topics.subscribe("messages.channel.client-basic", inbox);
            assertThat(sub.topic()).isEqualTo("messages.channel.client-basic");
            assertThat(topics.userId()).isEqualTo(ada.id());

            server.api().sendToChannel(ada, "client-basic", "over rest");
            Await.until("the message", () -> inbox.contents("over rest") == 1);
            // and its own join on the presence topic (it follows `subscribed`; the post may overtake it)
            Await.until("the own join", () -> inbox.messages.size() == 2);
            assertThat(inbox.messages).extracting(m -> m.eventType() + " " + m.data().path("userId").asText(""))
                    .contains("presence.join " + ada.id());
            assertThat(inbox.messages).extracting(Message::eventType)
                    .containsExactlyInAnyOrder("presence.join", "message.sent");
            assertThat(topics.ping()).isPositive();
        }
    }

    @Test
    void aDropInTheMiddleOfASubscribe_theSubscriptionGoesThroughAfterTheReconnect() throws Exception {
        Account ada = server.api().newAccount("client-drop");
        try (TcpProxy proxy = new TcpProxy(server.port());
             SwitchboardClient sb = client(proxy.baseUrl(), TokenSource.fixed(ada.token()))) {
            TopicClient topics = sb.topics();
            ClientFixtures.States states = new ClientFixtures.States();
            topics.addStateListener(states::on);
            topics.awaitConnected();

            proxy.holdReplies(true); // the subscribe reaches the server, its reply is lost with the connection
            ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
            CompletableFuture<Subscription> pending = topics.subscribeAsync("messages.channel.client-drop", inbox);
            assertThat(pending).isNotDone();
            proxy.cut();
            proxy.holdReplies(false);

            Subscription sub = pending.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(sub.topic()).isEqualTo("messages.channel.client-drop");
            Await.until("connected again", () -> topics.connectionState() == ConnectionState.CONNECTED);
            assertThat(states.disconnects).first().satisfies(d -> {
                assertThat(d.code()).isEqualTo(1006);
                assertThat(d.terminal()).isFalse();
            });
            Await.until("one subscribed reply", () -> inbox.subscribed.size() == 1);

            server.api().sendToChannel(ada, "client-drop", "after the drop");
            Await.until("the message after the drop", () -> inbox.contents("after the drop") == 1);
        }
    }

    @Test
    void aTokenExpiringWhileOffline_theReconnectUsesAFreshOne() throws Exception {
        Account ada = server.api().newAccount("client-offline");
        ClientFixtures.MintingTokens tokens = new ClientFixtures.MintingTokens(server, ada, Duration.ofSeconds(3));
        try (TcpProxy proxy = new TcpProxy(server.port());
             SwitchboardClient sb = client(proxy.baseUrl(), tokens)) {
            TopicClient topics = sb.topics();
            ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
            topics.subscribe("messages.channel.client-offline", inbox);
            Instant firstExpiry = tokens.current().expiresAt();

            proxy.offline(true);
            proxy.cut();
            Await.until("disconnected", () -> topics.connectionState() != ConnectionState.CONNECTED);
            Await.until("the first token expired while offline", WAIT, () -> Instant.now().isAfter(firstExpiry));
            proxy.offline(false);

            Await.until("connected again", WAIT, () -> topics.connectionState() == ConnectionState.CONNECTED);
            assertThat(tokens.minted).hasSizeGreaterThan(1);
            assertThat(tokens.current().expiresAt()).isAfter(firstExpiry);
            // Connected is not yet resubscribed: post once the server confirmed the subscription again.
            Await.until("resubscribed", WAIT, () -> inbox.subscribed.size() == 2);
            server.api().sendToChannel(ada, "client-offline", "back online");
            Await.until("the message after the reconnect", () -> inbox.contents("back online") == 1);
        }
    }

    @Test
    void aTokenIsRenewedBeforeItExpires_onTheSameConnection() throws Exception {
        Account ada = server.api().newAccount("client-renew");
        ClientFixtures.MintingTokens tokens = new ClientFixtures.MintingTokens(server, ada, Duration.ofSeconds(4));
        try (TcpProxy proxy = new TcpProxy(server.port());
             SwitchboardClient sb = client(proxy.baseUrl(), tokens)) {
            TopicClient topics = sb.topics();
            List<SwitchboardException> errors = new CopyOnWriteArrayList<>();
            topics.addErrorListener(errors::add);
            ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
            topics.subscribe("messages.channel.client-renew", inbox);

            Await.until("two renewals", Duration.ofSeconds(15), () -> tokens.forced.get() >= 2);
            Instant third = tokens.minted.get(2).expiresAt();
            Await.until("past the first tokens' expiry", Duration.ofSeconds(15), () -> Instant.now().isAfter(tokens.minted.get(1)
                    .expiresAt().plusMillis(200)));
            assertThat(topics.connectionState()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(proxy.accepted()).as("no reconnect was needed").isEqualTo(1);
            assertThat(errors).as("the server never had to say TOKEN_EXPIRED (tokens %s, now %s)", tokens.minted,
                    Instant.now()).isEmpty();
            assertThat(third).isAfter(tokens.minted.get(0).expiresAt());
            server.api().sendToChannel(ada, "client-renew", "still here");
            Await.until("the message", () -> inbox.contents("still here") == 1);
        }
    }

    @Test
    void aBadTokenIsTerminal_noRetry() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.port());
             SwitchboardClient sb = client(proxy.baseUrl(), TokenSource.fixed("not-a-jwt"))) {
            TopicClient topics = sb.topics();
            ClientFixtures.States states = new ClientFixtures.States();
            topics.addStateListener(states::on);
            assertThatThrownBy(topics::awaitConnected).isInstanceOf(SwitchboardException.class)
                    .hasMessageContaining("TOKEN_INVALID");
            Await.until("closed", () -> states.count(ConnectionState.CLOSED) == 1);
            Disconnect last = states.disconnects.get(states.disconnects.size() - 1);
            assertThat(last.code()).isEqualTo(401);
            assertThat(last.terminal()).isTrue();
            assertThat(last.retryIn()).isNull();
            int attempts = proxy.accepted();
            assertThat(attempts).as("one try, one with a refreshed token").isEqualTo(2);
            assertThat(topics.connectionState()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void theClockOffsetFromTheLowestRttSampleIsWithin5msOnLoopback() throws Exception {
        Account ada = server.api().newAccount("client-clock");
        try (SwitchboardClient sb = client(server.baseUrl(), TokenSource.fixed(ada.token()))) {
            SessionWatcher watcher = sb.watchSession(UUID.randomUUID().toString(), (state, event) -> { });
            watcher.awaitConnected();
            Await.until("a burst of clock samples", WAIT,
                    () -> watcher.clock().size() >= SessionWatcher.BURST);
            // Server and client share one clock on loopback: the true offset is 0.
            assertThat(Math.abs(watcher.clockOffsetMs())).isLessThanOrEqualTo(5.0);
            assertThat(watcher.clock().best().rttMs()).isLessThan(50.0);
        }
    }

    @Test
    void theSessionWatcherShowsTheRunningClockAndSwitches_andResyncsAfterADrop() throws Exception {
        Account ada = server.api().newAccount("client-session");
        String sessionId = UUID.randomUUID().toString();
        List<String> events = new CopyOnWriteArrayList<>();
        try (TcpProxy proxy = new TcpProxy(server.port());
             SwitchboardClient sb = client(proxy.baseUrl(), TokenSource.fixed(ada.token()))) {
            SessionWatcher watcher = sb.watchSession(sessionId, new SessionListener() {
                @Override
                public void onState(SessionSnapshot state, String event) {
                    events.add(event + ":" + state.version());
                }
            });
            watcher.awaitConnected();
            Auth rest = sb.rest();
            rest.call("POST", "/api/sessions", ada.token(), Http.JSON.valueToTree(Map.of("sessionId", sessionId,
                    "syncMode", "per_participant", "totalTimeMs", 60_000,
                    "participants", List.of(Map.of("participantId", ada.id()), Map.of("participantId", "bob")))));
            rest.call("POST", "/api/sessions/" + sessionId + "/start", ada.token(), null);
            Await.until("STARTED", () -> events.contains("STARTED:2"));

            long first = watcher.remainingMs().orElseThrow();
            assertThat(first).isBetween(55_000L, 60_000L);
            Await.until("the clock ticks down", () -> watcher.remainingMs().orElseThrow() <= first - 200);

            rest.call("POST", "/api/sessions/" + sessionId + "/switch", ada.token(), null);
            Await.until("SWITCHED", () -> events.contains("SWITCHED:3"));
            assertThat(watcher.state().activeParticipantId()).isEqualTo("bob");
            OptionalLong bob = watcher.remainingMs();
            assertThat(bob.orElseThrow()).isBetween(58_000L, 60_000L);

            proxy.cut();
            Await.until("a STATE_SYNC after the reconnect", WAIT, () -> events.contains("null:3"));
            assertThat(watcher.connectionState()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(events).containsSubsequence("STARTED:2", "SWITCHED:3", "null:3");

            rest.call("DELETE", "/api/sessions/" + sessionId, ada.token(), null);
            Await.until("closed after the deletion", () -> watcher.connectionState() == ConnectionState.CLOSED);
        }
    }

    @Test
    void closingTheClientLeavesASuppliedExecutorRunning() {
        Account ada = server.api().newAccount("client-executor");
        ScheduledExecutorService mine = Executors.newSingleThreadScheduledExecutor();
        try {
            SwitchboardClient sb = SwitchboardClient.builder(URI.create(server.baseUrl())).token(ada.token())
                    .executor(mine).build();
            sb.topics().awaitConnected();
            sb.close();
            assertThat(mine.isShutdown()).isFalse();
            assertThat(mine.submit(() -> 42)).succeedsWithin(Duration.ofSeconds(2)).isEqualTo(42);
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void aServerDrain_1001_clientsReconnectWithJitterToAnotherInstance() throws Exception {
        RedisServerFixture redis = RedisServerFixture.start();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix(), "SHUTDOWN_TIMEOUT_MS", "1500");
        TestServer a = TestServer.start(shared);
        TestServer b = TestServer.start(shared);
        List<AutoCloseable> closeables = new ArrayList<>();
        boolean aClosed = false;
        try (TcpProxy proxy = new TcpProxy(a.port())) {
            Account ada = a.api().newAccount("client-drain");
            List<TopicClient> clients = new ArrayList<>();
            List<ClientFixtures.States> states = new ArrayList<>();
            List<ClientFixtures.Inbox> inboxes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                SwitchboardClient sb = client(proxy.baseUrl(), TokenSource.fixed(ada.token()));
                closeables.add(sb);
                TopicClient topics = sb.topics();
                ClientFixtures.States s = new ClientFixtures.States();
                topics.addStateListener(s::on);
                ClientFixtures.Inbox inbox = new ClientFixtures.Inbox();
                topics.subscribe("messages.channel.client-drain", inbox);
                clients.add(topics);
                states.add(s);
                inboxes.add(inbox);
            }

            proxy.target(b.port());
            a.close();
            aClosed = true;

            Await.until("every client back, on b", WAIT, () -> states.stream()
                    .allMatch(s -> s.count(ConnectionState.CONNECTED) == 2
                            && s.states.get(s.states.size() - 1) == ConnectionState.CONNECTED));
            List<Long> delays = new ArrayList<>();
            for (ClientFixtures.States s : states) {
                Disconnect d = s.disconnects.get(0);
                assertThat(d.code()).isEqualTo(1001);
                assertThat(d.serverShuttingDown()).isTrue();
                assertThat(d.terminal()).isFalse();
                delays.add(d.retryIn().toMillis());
            }
            assertThat(delays).allSatisfy(ms -> assertThat(ms).isBetween(0L, 49L));
            assertThat(delays.stream().distinct().count()).as("full jitter spreads them: %s", delays)
                    .isGreaterThan(1);

            Await.until("upstream subscriptions on b", () -> b.app().upstreamSubscriptionsSettled());
            b.api().sendToChannel(ada, "client-drain", "from b");
            Await.until("every client got it", () -> inboxes.stream().allMatch(in -> in.contents("from b") == 1));
        } finally {
            Closeables.closeAll(closeables.toArray(new AutoCloseable[0]));
            Closeables.closeAll(aClosed ? null : a, b, redis);
        }
    }
}
