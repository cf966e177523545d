package io.switchboard.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java client of Switchboard: JDK 17 ({@code java.net.http}) and Jackson, nothing else.
 *
 * <pre>{@code
 * Auth auth = new Auth(URI.create("http://localhost:8080"));
 * Auth.Login login = auth.login("ada@example.com", "Corr3ct-Horse!");
 * try (SwitchboardClient client = SwitchboardClient.builder(URI.create("http://localhost:8080"))
 *         .tokens(auth.tokenSource(login)).build()) {
 *     TopicClient topics = client.topics();
 *     topics.subscribe("messages.channel.general", m -> System.out.println(m.data()));
 *     SessionWatcher clock = client.watchSession(sessionId, (state, event) -> System.out.println(event));
 *     System.out.println(clock.remainingMs());
 * }
 * }</pre>
 *
 * Each connection reconnects on its own (full-jitter backoff, 1 s to 30 s by default) until it is closed or
 * refused for good. Closing the client closes its connections and the executor it created, never one the
 * application supplied.
 */
public final class SwitchboardClient implements AutoCloseable {
    private final ClientContext ctx;
    private final boolean ownsScheduler;
    private final Duration pingInterval;
    private final List<ManagedSocket> connections = new ArrayList<>();
    private boolean closed;

    private SwitchboardClient(Builder b) {
        URI base = b.baseUri;
        String http = base.toString().replaceAll("/+$", "");
        String ws = http.replaceFirst("^http", "ws");
        this.ownsScheduler = b.scheduler == null;
        ScheduledExecutorService scheduler = b.scheduler != null ? b.scheduler : ownScheduler();
        HttpClient httpClient = b.http != null ? b.http
                : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
        this.ctx = new ClientContext(URI.create(http), URI.create(ws), httpClient, scheduler,
                Objects.requireNonNull(b.tokens, "tokens"), b.backoff, b.requestTimeout, b.connectTimeout);
        this.pingInterval = b.pingInterval;
    }

    /** {@code baseUri}: the server's HTTP address, e.g. {@code http://localhost:8080}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** A new topic-dialect connection, connecting now (see {@link TopicClient#connected()}). */
    public TopicClient topics() {
        TopicClient client = new TopicClient(ctx);
        register(client);
        return client;
    }

    /** A new session watcher, connecting now. */
    public SessionWatcher watchSession(String sessionId, SessionListener listener) {
        SessionWatcher watcher = new SessionWatcher(ctx, sessionId, listener, pingInterval);
        register(watcher);
        return watcher;
    }

    /** REST calls (register, login, refresh, any route) against the same server. */
    public Auth rest() {
        return new Auth(ctx.httpBase(), ctx.http(), ctx.requestTimeout());
    }

    private void register(ManagedSocket socket) {
        synchronized (connections) {
            if (closed) {
                throw new IllegalStateException("the client is closed");
            }
            connections.add(socket);
        }
        socket.start();
    }

    @Override
    public void close() {
        List<ManagedSocket> open;
        synchronized (connections) {
            closed = true;
            open = new ArrayList<>(connections);
            connections.clear();
        }
        open.forEach(ManagedSocket::close);
        if (ownsScheduler) {
            ctx.scheduler().shutdown();
        }
    }

    private static ScheduledExecutorService ownScheduler() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "switchboard-client-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static final class Builder {
        private final URI baseUri;
        private TokenSource tokens;
        private HttpClient http;
        private ScheduledExecutorService scheduler;
        private Backoff backoff = Backoff.defaults();
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(15);

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri);
        }

        /** Where tokens come from (required): {@link Auth#tokenSource}, {@link TokenSource#fixed}, or your own. */
        public Builder tokens(TokenSource value) {
            this.tokens = value;
            return this;
        }

        /** A token that is never refreshed. */
        public Builder token(String jwt) {
            return tokens(TokenSource.fixed(jwt));
        }

        public Builder httpClient(HttpClient value) {
            this.http = value;
            return this;
        }

        /**
         * Runs timers and listener callbacks. The client never shuts down an executor given here; without one it
         * makes a daemon thread and shuts it down on {@link SwitchboardClient#close()}.
         */
        public Builder executor(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        public Builder backoff(Backoff value) {
            this.backoff = Objects.requireNonNull(value);
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** How often a session watcher takes a clock sample after its first burst (default 15 s). */
        public Builder pingInterval(Duration value) {
            this.pingInterval = value;
            return this;
        }

        public SwitchboardClient build() {
            return new SwitchboardClient(this);
        }
    }
}
