package io.switchboard.bootstrap.client;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.client.AccessToken;
import io.switchboard.client.Backoff;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Disconnect;
import io.switchboard.client.Message;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.TokenSource;
import io.switchboard.client.TopicListener;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers shared by the client conformance tests. */
final class ClientFixtures {
    /** Fast backoff for tests: 50 ms to 400 ms, full jitter. */
    static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400));

    private ClientFixtures() {
    }

    static SwitchboardClient client(String baseUrl, TokenSource tokens) {
        return SwitchboardClient.builder(URI.create(baseUrl)).tokens(tokens).backoff(FAST)
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    /** Every state change, in order. */
    static final class States {
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();
        final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();

        void on(ConnectionState state, Disconnect disconnect) {
            states.add(state);
            if (disconnect != null) {
                disconnects.add(disconnect);
            }
        }

        long count(ConnectionState state) {
            return states.stream().filter(state::equals).count();
        }
    }

    /** Every message a subscription got. */
    static final class Inbox implements TopicListener {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final List<io.switchboard.client.Subscribed> subscribed = new CopyOnWriteArrayList<>();
        final List<String> unsubscribed = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        @Override
        public void onSubscribed(io.switchboard.client.Subscribed info) {
            subscribed.add(info);
        }

        @Override
        public void onUnsubscribed(String topic, String reason) {
            unsubscribed.add(topic + ":" + reason);
        }

        /**
         * The `message.sent` deliveries, without presence events (a subscriber's own `presence.join` on a presence
         * topic, again after a reconnect that made the user present anew).
         */
        List<Message> sent() {
            return messages.stream().filter(m -> "message.sent".equals(m.eventType())).toList();
        }

        long contents(String content) {
            return messages.stream().filter(m -> content.equals(m.data().path("content").asText())).count();
        }
    }

    /**
     * Mints tokens of {@code lifetime} for an account with the server's key: a fresh one when asked to refresh or
     * when the current one has expired, like an app's identity provider would.
     */
    static final class MintingTokens implements TokenSource {
        private final TestServer server;
        private final Account account;
        private final Duration lifetime;
        final List<AccessToken> minted = new CopyOnWriteArrayList<>();
        final AtomicInteger forced = new AtomicInteger();

        MintingTokens(TestServer server, Account account, Duration lifetime) {
            this.server = server;
            this.account = account;
            this.lifetime = lifetime;
            mint();
        }

        private AccessToken mint() {
            AccessToken token = AccessToken.of(server.tokens().forUser(account.id()).email(account.email())
                    .expiresIn(lifetime).mint());
            minted.add(token);
            return token;
        }

        AccessToken current() {
            return minted.get(minted.size() - 1);
        }

        @Override
        public synchronized CompletableFuture<AccessToken> token(boolean forceRefresh) {
            if (forceRefresh) {
                forced.incrementAndGet();
            }
            AccessToken current = current();
            if (forceRefresh || !current.expiresAt().isAfter(java.time.Instant.now())) {
                current = mint();
            }
            return CompletableFuture.completedFuture(current);
        }
    }
}
