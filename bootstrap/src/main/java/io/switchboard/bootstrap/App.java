package io.switchboard.bootstrap;

import io.switchboard.adapters.in.http.JettyServer;
import io.switchboard.adapters.in.http.RestApi;
import io.switchboard.adapters.in.ws.WebSocketApi;
import io.switchboard.adapters.in.ws.WsSettings;
import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.memory.InMemoryAdapters;
import io.switchboard.adapters.out.memory.InMemoryPubSubAdapters;
import io.switchboard.adapters.out.memory.InMemorySessionAdapters;
import io.switchboard.adapters.out.security.SecurityAdapters;
import io.switchboard.adapters.out.system.SystemAdapters;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PasswordHasher;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.service.message.MessageService;
import io.switchboard.application.service.realtime.EventBridge;
import io.switchboard.application.service.realtime.RealtimeService;
import io.switchboard.application.service.session.SessionExpiryScheduler;
import io.switchboard.application.service.session.SessionExpiryService;
import io.switchboard.application.service.session.SessionSyncService;
import io.switchboard.application.service.time.TimeService;
import io.switchboard.application.service.topic.TopicPolicy;
import io.switchboard.application.service.user.UserService;
import io.switchboard.domain.user.Email;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Wires Switchboard by hand, in the order of the arrows: out-adapters, services, in-adapters, then Jetty.
 * The choice between the in-memory and the Redis adapters is made here and only here.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** The contract's body limit for REST requests (413 above it). */
    static final long MAX_BODY_BYTES = 1_048_576;

    private final Config config;
    private final JettyServer server;
    private final WebSocketApi webSockets;
    private final SessionExpiryScheduler expiryScheduler;
    private final PubSub pubSub;

    private App(Config config, JettyServer server, WebSocketApi webSockets, SessionExpiryScheduler expiryScheduler,
                PubSub pubSub) {
        this.config = config;
        this.server = server;
        this.webSockets = webSockets;
        this.expiryScheduler = expiryScheduler;
        this.pubSub = pubSub;
    }

    public static App start(Config config) throws Exception {
        if (config.redisUrl() != null) {
            throw new Config.InvalidConfig("REDIS_URL", "the Redis adapters are not built yet; unset REDIS_URL");
        }
        Metrics metrics = Metrics.NONE;
        Clock clock = SystemAdapters.systemClock();
        IdGenerator ids = SystemAdapters.randomIds();

        // out-adapters
        UserRepository users = InMemoryAdapters.userRepository();
        MessageRepository messages = InMemoryAdapters.messageRepository();
        SessionStore sessionStore = InMemorySessionAdapters.sessionStore(clock,
                Duration.ofSeconds(config.sessionTtlSeconds()));
        SwitchRateLimiter switchLimiter = InMemorySessionAdapters.switchRateLimiter(config.switchRateLimit());
        PubSub pubSub = InMemoryPubSubAdapters.pubSub(JsonAdapters.frameEncoder(), metrics);
        PasswordHasher hasher = SecurityAdapters.pbkdf2(config.passwordHashIterations());
        SecurityAdapters.Tokens tokens = SecurityAdapters.jwt(jwtSecret(config), config.jwtIssuer(),
                Duration.ofSeconds(config.jwtTtlSeconds()), clock);

        // services
        EventPublisher events = new EventBridge(pubSub, clock);
        Set<Email> admins = config.adminEmails().stream().filter(Email::isValid).map(Email::new)
                .collect(Collectors.toUnmodifiableSet());
        UserService userService = new UserService(users, hasher, tokens.issuer(), tokens.verifier(), events, clock,
                ids, admins);
        MessageService messageService = new MessageService(messages, users, events, clock, ids);
        TimeService timeService = new TimeService(clock);
        RealtimeService realtime = new RealtimeService(pubSub, new TopicPolicy(), messageService, clock);
        SessionSyncService sessions = new SessionSyncService(sessionStore, switchLimiter, events, clock, ids);
        SessionExpiryScheduler expiryScheduler = new SessionExpiryScheduler(
                new SessionExpiryService(sessionStore, events, clock), clock);

        // in-adapters
        RestApi.UseCases restUseCases = new RestApi.UseCases(userService, userService, userService, userService,
                userService, userService, messageService, messageService, messageService, messageService,
                messageService, timeService, sessions, sessions, sessions, sessions, sessions, sessions, sessions,
                sessions);
        RestApi.Options restOptions = new RestApi.Options(config.corsOrigins(), config.httpRateLimit(),
                config.httpRateWindowMs(), MAX_BODY_BYTES, metrics);
        WebSocketApi webSockets = WebSocketApi.create(wsSettings(config),
                new WebSocketApi.UseCases(userService, realtime, realtime, sessions), metrics, timeService::now);

        JettyServer server = JettyServer.create(config.host(), config.port(), config.shutdownTimeoutMs(),
                jetty -> {
                    ContextHandler root = new ContextHandler("/");
                    WebSocketUpgradeHandler upgrade = webSockets.handler(jetty, root);
                    upgrade.setHandler(RestApi.handler(restUseCases, restOptions));
                    root.setHandler(upgrade);
                    return (Handler) root;
                });
        server.start();
        expiryScheduler.start();
        log.info("Switchboard listening on {}:{} with the in-memory adapters", config.host(), server.port());
        return new App(config, server, webSockets, expiryScheduler, pubSub);
    }

    static WsSettings wsSettings(Config config) {
        return new WsSettings(config.wsPingIntervalMs(), config.wsPingTimeoutMs(), config.wsAuthTimeoutMs(),
                config.wsMaxMessageSize(), config.wsMaxConnectionsPerIp(), config.wsMaxSubscriptions(),
                config.wsRateLimit(), config.wsRateWindowMs(), config.wsMaxQueuedBytes(), config.wsAllowedOrigins(),
                config.wsReauthGraceMs());
    }

    public int port() {
        return server.port();
    }

    /** Open WebSocket connections (both dialects). */
    public int openWebSockets() {
        return webSockets.registry().openConnections();
    }

    /** (pattern, connection) pairs in the local pub/sub registry. */
    public int subscriptions() {
        return pubSub.subscriptionCount();
    }

    /**
     * Stops in order: refuse new upgrades and close WebSockets with 1001 spread over a third of the shutdown
     * window, stop timing sessions, then let Jetty finish in-flight requests and stop.
     */
    @Override
    public void close() throws Exception {
        try {
            webSockets.registry().drain(config.shutdownTimeoutMs() / 3);
        } finally {
            expiryScheduler.close();
            server.close();
            webSockets.registry().close();
        }
    }

    private static String jwtSecret(Config config) {
        if (config.jwtSecret() != null) {
            return config.jwtSecret();
        }
        log.warn("JWT_SECRET is not set: generated a random secret for this process; tokens will not survive a "
                + "restart and no other instance can verify them");
        return SecurityAdapters.randomSecret();
    }
}
