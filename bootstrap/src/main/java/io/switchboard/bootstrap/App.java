package io.switchboard.bootstrap;

import io.switchboard.adapters.in.HandlerTree;
import io.switchboard.adapters.in.http.ClientAddresses;
import io.switchboard.adapters.in.http.JettyServer;
import io.switchboard.adapters.in.http.RestApi;
import io.switchboard.adapters.in.timer.InstanceHeartbeatScheduler;
import io.switchboard.adapters.in.timer.PresenceScheduler;
import io.switchboard.adapters.in.timer.SessionExpiryScheduler;
import io.switchboard.adapters.in.ws.WebSocketApi;
import io.switchboard.application.service.ops.InstanceInspectionService;
import io.switchboard.adapters.in.ws.WsSettings;
import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.metrics.PrometheusMetrics;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.adapters.out.redis.RedisAdapters;
import io.switchboard.adapters.out.redis.RedisConnection;
import io.switchboard.adapters.out.redis.RedisUserConnections;
import io.switchboard.adapters.out.memory.InMemoryAdapters;
import io.switchboard.adapters.out.memory.InMemoryPubSubAdapters;
import io.switchboard.adapters.out.memory.InMemorySessionAdapters;
import io.switchboard.adapters.out.security.SecurityAdapters;
import io.switchboard.adapters.out.system.SystemAdapters;
import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.port.out.InstanceRegistry;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PasswordHasher;
import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.port.out.SubscriberCounter;
import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.application.port.out.UserConnections;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.service.channel.ChannelService;
import io.switchboard.application.service.channel.ChannelWatcher;
import io.switchboard.application.service.message.MessageService;
import io.switchboard.application.service.ops.HealthService;
import io.switchboard.application.service.ops.MetricsService;
import io.switchboard.application.service.history.HistoryService;
import io.switchboard.application.service.publish.ServerPublishService;
import io.switchboard.application.service.presence.PresenceService;
import io.switchboard.application.service.presence.TypingService;
import io.switchboard.application.service.realtime.EventBridge;
import io.switchboard.application.service.realtime.RealtimeService;
import io.switchboard.application.service.session.SessionExpiryService;
import io.switchboard.application.service.session.SessionSyncService;
import io.switchboard.application.service.time.TimeService;
import io.switchboard.application.service.topic.ChannelAccess;
import io.switchboard.application.service.topic.TopicPolicy;
import io.switchboard.application.service.user.RefreshTokens;
import io.switchboard.application.service.user.UserService;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.UserId;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Wires Switchboard by hand, in the order of the arrows: out-adapters, services, in-adapters, then Jetty.
 * The choice between the in-memory and the Redis adapters is made here and only here.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** The contract's body limit for REST requests (413 above it). */
    static final long MAX_BODY_BYTES = 1_048_576;
    /** The pattern of the internal subscriber that closes a deleted user's WebSockets. */
    private static final String USER_EVENTS = "users.*";
    /** Subscriptions the server holds itself: the user watcher and the channel watcher. */
    private static final int INTERNAL_SUBSCRIPTIONS = 2;
    /** How long the server API remembers an idempotency key (docs/api.md). */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);

    private final Config config;
    private final JettyServer server;
    private final WebSocketApi webSockets;
    private final SessionExpiryScheduler expiryScheduler;
    private final PubSub pubSub;
    private final HealthService health;
    /** What close() closes last: store connections (none in memory; Redis clients later). */
    private final List<AutoCloseable> stores;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PresenceService presence;

    private App(Config config, JettyServer server, WebSocketApi webSockets, SessionExpiryScheduler expiryScheduler,
                PubSub pubSub, HealthService health, List<AutoCloseable> stores, PresenceService presence) {
        this.presence = presence;
        this.config = config;
        this.server = server;
        this.webSockets = webSockets;
        this.expiryScheduler = expiryScheduler;
        this.pubSub = pubSub;
        this.health = health;
        this.stores = List.copyOf(stores);
    }

    public static App start(Config config) throws Exception {
        return start(config, List.of());
    }

    /**
     * Starts with some health checks replaced: a check in {@code healthCheckOverrides} takes the place of the
     * adapter's check of the same name (a test seam: e.g. a state store that reports down).
     *
     * <p>Each step below is one factory method, in the order of the arrows of the hexagon: what every adapter
     * shares, the out-adapters (memory or Redis), the services, the in-adapters, then Jetty.
     */
    public static App start(Config config, List<HealthCheck> healthCheckOverrides) throws Exception {
        Basics basics = basics(config);
        OutAdapters out = config.redisUrl() == null ? memoryAdapters(config, basics) : redisAdapters(config, basics);
        Services services = services(config, basics, out, healthCheckOverrides);
        InAdapters in = inAdapters(config, basics, services, out);
        watchUserDeletions(out.pubSub(), in.webSockets());
        JettyServer server = jetty(config, in);
        // closed last, in reverse order of opening: the tokens (the JWKS refresher, if any) after the stores
        List<AutoCloseable> stores = new ArrayList<>();
        stores.add(basics.tokens());
        stores.addAll(out.stores());
        try {
            server.start();
        } catch (Exception e) {
            in.webSockets().registry().close();
            closeAll(stores); // e.g. the port is taken: do not leave Redis connections behind
            throw e;
        }
        services.expiryScheduler().start();
        services.presenceScheduler().start();
        stores.add(services.presenceScheduler()); // closed before the stores it writes to
        in.instanceHeartbeat().start();
        stores.add(in.instanceHeartbeat()); // removes this instance's entry before the stores close
        log.info("Switchboard {} listening on {}:{}; adapters: users={} messages={} sessions={} pubsub={} "
                        + "metrics=prometheus; config: {}", basics.version(), config.host(), server.port(),
                out.name(), out.name(), out.name(), out.name(), config.describe());
        return new App(config, server, in.webSockets(), services.expiryScheduler(), out.pubSub(), services.health(),
                stores, services.presence());
    }

    // ---- 1. what every adapter shares ----------------------------------------------------------------------

    /** The system clock, ids, the Prometheus registry, the frame encoder, password hashing and tokens. */
    record Basics(String version, PrometheusMetrics prometheus, Clock clock, IdGenerator ids, FrameEncoder encoder,
                  PasswordHasher hasher, SecurityAdapters.Tokens tokens) {
        Metrics metrics() {
            return prometheus;
        }
    }

    private static Basics basics(Config config) {
        PrometheusMetrics prometheus = PrometheusMetrics.create();
        Clock clock = SystemAdapters.systemClock();
        PasswordHasher hasher = SecurityAdapters.boundedPbkdf2(config.passwordHashIterations(),
                config.passwordHashConcurrency(), prometheus);
        SecurityAdapters.Tokens tokens = tokens(config, clock, prometheus);
        return new Basics(BuildInfo.version(), prometheus, clock, SystemAdapters.randomIds(),
                JsonAdapters.frameEncoder(), hasher, tokens);
    }

    // ---- 2. out-adapters: the in-memory or the Redis set, chosen in start() and only there --------------------

    /**
     * The stores and the pub/sub of one mode. {@code stores} are closed last, in reverse order of opening;
     * {@code name} is the mode as the start-up log shows it.
     */
    record OutAdapters(String name, UserRepository users, RefreshTokenStore refreshTokens,
                       MessageRepository messages, SessionStore sessionStore, SwitchRateLimiter switchLimiter,
                       PubSub pubSub, SubscriberCounter subscriberCounter, IdempotencyStore idempotency,
                       UserConnections userConnections,
                       List<HealthCheck> checks, List<AutoCloseable> stores, TopicHistory history,
                       ChannelRepository channels, PresenceStore presence, InstanceRegistry instances) {
    }

    private static OutAdapters memoryAdapters(Config config, Basics basics) {
        Clock clock = basics.clock();
        Metrics metrics = basics.metrics();
        PrometheusMetrics prometheus = basics.prometheus();
        FrameEncoder encoder = basics.encoder();
        SessionStore sessionStore = InMemorySessionAdapters.sessionStore(clock, sessionTtl(config),
                sessionLifetime(config), config.sessionMaxPerOwner());
        PubSub pubSub;
        pubSub = InMemoryPubSubAdapters.pubSub(encoder, metrics, config.history(), clock);
        // Nothing ever waits to be sent to other instances in one process.
        prometheus.gauge("switchboard_pubsub_outbox_size", "Publications waiting for the cross-instance transport",
                () -> 0);
        List<HealthCheck> storeChecks = List.of(InMemorySessionAdapters.healthCheck(),
                InMemoryPubSubAdapters.healthCheck());
        UserConnections userConnections = config.wsMaxConnectionsPerUser() > 0
                ? InMemoryAdapters.userConnections(config.wsMaxConnectionsPerUser())
                : UserConnections.unlimited(); // WS_MAX_CONNECTIONS_PER_USER=0
        return new OutAdapters("memory", InMemoryAdapters.userRepository(), InMemoryAdapters.refreshTokenStore(),
                InMemoryAdapters.messageRepository(),
                sessionStore, InMemorySessionAdapters.switchRateLimiter(config.switchRateLimit()), pubSub,
                InMemoryPubSubAdapters.subscriberCounter(pubSub),
                InMemoryAdapters.idempotencyStore(clock, IDEMPOTENCY_WINDOW), userConnections, storeChecks, List.of(),
                InMemoryPubSubAdapters.history(pubSub), InMemoryAdapters.channelRepository(),
                InMemoryAdapters.presenceStore(), InMemoryAdapters.instanceRegistry(clock));
    }

    private static OutAdapters redisAdapters(Config config, Basics basics) {
        Clock clock = basics.clock();
        Metrics metrics = basics.metrics();
        PrometheusMetrics prometheus = basics.prometheus();
        FrameEncoder encoder = basics.encoder();
        List<AutoCloseable> stores = new ArrayList<>(); // closed last, in reverse order of opening
        String prefix = config.redisKeyPrefix();
        RedisConnection redis = RedisAdapters.connect(config.redisUrl(), Duration.ofSeconds(2),
                config.redisWaitReplicas(), Duration.ofMillis(config.redisWaitTimeoutMs()));
        stores.add(redis);
        UserRepository users = RedisAdapters.userRepository(redis, prefix);
        RefreshTokenStore refreshTokens = RedisAdapters.refreshTokenStore(redis, prefix);
        MessageRepository messages = RedisAdapters.messageRepository(redis, prefix);
        SessionStore sessionStore = RedisAdapters.sessionStore(redis, prefix, clock, sessionTtl(config),
                sessionLifetime(config), config.sessionMaxPerOwner());
        SwitchRateLimiter switchLimiter = RedisAdapters.switchRateLimiter(redis, prefix, config.switchRateLimit());
        UserConnections userConnections = UserConnections.unlimited(); // WS_MAX_CONNECTIONS_PER_USER=0
        if (config.wsMaxConnectionsPerUser() > 0) {
            RedisUserConnections counted = RedisAdapters.userConnections(redis, prefix,
                    config.wsMaxConnectionsPerUser(), config.wsUserConnectionTtlMs());
            stores.add(counted); // its heartbeat stops before the connection closes
            userConnections = counted;
        }
        PubSub pubSub;
        RedisAdapters.PubSubWithHistory withHistory = RedisAdapters.pubSubWithHistory(redis, prefix, encoder, metrics,
                config.redisOutboxLimit(), config.redisOutboxMaxBytes(), config.redisInboundMaxBytes(),
                config.history(), clock);
        ClusterPubSub clusterPubSub = withHistory.pubSub();
        stores.add(clusterPubSub);
        pubSub = clusterPubSub;
        List<HealthCheck> storeChecks = List.of(RedisAdapters.stateStoreHealth(redis),
                RedisAdapters.pubSubHealth(clusterPubSub));
        prometheus.gauge("switchboard_pubsub_outbox_size", "Publications waiting for the cross-instance transport",
                clusterPubSub::outboxSize);
        prometheus.gauge("switchboard_pubsub_outbox_bytes",
                "Size of the publications waiting for the cross-instance transport (characters of channel and payload)",
                clusterPubSub::outboxBytes);
        prometheus.gauge("switchboard_pubsub_inbound_bytes",
                "Size of the messages received from Redis and waiting for the local fan-out",
                clusterPubSub::inboundBytes);
        prometheus.gauge("switchboard_redis_up", "1 while both Redis pub/sub connections are up",
                () -> clusterPubSub.isConnected() ? 1 : 0);
        if (redis.isCluster()) {
            prometheus.gauge("switchboard_redis_shards", "Redis Cluster masters (shards) known",
                    () -> clusterPubSub.shards().size());
            prometheus.gauge("switchboard_redis_shards_up",
                    "Redis Cluster shards whose end-to-end pub/sub probe came back within 5 s",
                    () -> clusterPubSub.shards().values().stream().filter(age -> age < 5_000).count());
        }
        return new OutAdapters("redis", users, refreshTokens, messages, sessionStore, switchLimiter, pubSub,
                clusterPubSub, RedisAdapters.idempotencyStore(redis, prefix, IDEMPOTENCY_WINDOW), userConnections,
                storeChecks, stores, withHistory.history(), RedisAdapters.channelRepository(redis, prefix),
                RedisAdapters.presenceStore(redis, prefix), RedisAdapters.instanceRegistry(redis, prefix));
    }

    private static Duration sessionTtl(Config config) {
        return Duration.ofSeconds(config.sessionTtlSeconds());
    }

    private static Duration sessionLifetime(Config config) {
        return Duration.ofSeconds(config.sessionMaxLifetimeSeconds());
    }

    // ---- 3. services: the application layer, on the out-ports only ------------------------------------------

    record Services(UserService users, MessageService messages, TimeService time, RealtimeService realtime,
                    SessionSyncService sessions, SessionExpiryScheduler expiryScheduler, HealthService health,
                    MetricsService metrics, ServerPublishService serverApi, HistoryService history,
                    ChannelService channels, PresenceService presence, TypingService typing,
                    PresenceScheduler presenceScheduler) {
    }

    private static Services services(Config config, Basics basics, OutAdapters out,
                                     List<HealthCheck> healthCheckOverrides) {
        Clock clock = basics.clock();
        Metrics metrics = basics.metrics();
        PubSub pubSub = out.pubSub();
        EventPublisher events = new EventBridge(pubSub, clock);
        Set<Email> admins = config.adminEmails().stream().filter(Email::isValid).map(Email::new)
                .collect(Collectors.toUnmodifiableSet());
        RefreshTokens refreshTokens = new RefreshTokens(out.refreshTokens(), SystemAdapters.secureSecrets(),
                basics.ids(), clock, Duration.ofSeconds(config.jwtRefreshTtlSeconds()));
        ChannelAccess channelAccess = new ChannelAccess(out.channels());
        new ChannelWatcher(pubSub, channelAccess).start();
        ChannelService channels = new ChannelService(out.channels(), out.messages(), out.users(), events, clock,
                channelAccess);
        UserService userService = new UserService(out.users(), basics.hasher(), basics.tokens().issuer(),
                basics.tokens().verifier(), events, clock, basics.ids(), admins, refreshTokens, channels);
        MessageService messageService = new MessageService(out.messages(), out.users(), events, clock, basics.ids(),
                channelAccess);
        TimeService timeService = new TimeService(clock);
        TopicPolicy policy = new TopicPolicy(channelAccess);
        PresenceService presence = new PresenceService(out.presence(), pubSub, policy, out.users(), clock,
                new PresenceService.Settings(config.presenceTopics().stream().map(TopicPattern::parse).toList(),
                        config.presenceTtlMs(), config.presenceMaxAnnounced()), UUID.randomUUID().toString());
        TypingService typing = new TypingService(pubSub, policy, out.users(), clock, config.typingTtlMs(),
                System::nanoTime);
        presence.expireTypingWith(typing);
        basics.prometheus().gauge("switchboard_presence_store_failures",
                "Presence and online-status changes skipped since start because the store could not be reached",
                presence::storeFailures);
        RealtimeService realtime = new RealtimeService(pubSub, policy, messageService, clock,
                basics.encoder(), maxBroadcastFrameBytes(config), presence);
        HistoryService history = new HistoryService(out.history(), pubSub, policy, config.history());
        SessionSyncService sessions = new SessionSyncService(out.sessionStore(), out.switchLimiter(), events, clock,
                basics.ids(), metrics);
        SessionExpiryScheduler expiryScheduler = new SessionExpiryScheduler(
                new SessionExpiryService(out.sessionStore(), events, clock, metrics), clock);
        HealthService health = new HealthService(withOverrides(out.checks(), healthCheckOverrides), clock,
                basics.version());
        ServerPublishService serverApi = new ServerPublishService(userService,
                SecurityAdapters.apiKeys(config.apiKeys()), pubSub, out.subscriberCounter(), out.idempotency(), clock,
                config.wsMaxMessageSize());
        return new Services(userService, messageService, timeService, realtime, sessions, expiryScheduler, health,
                new MetricsService(basics.prometheus()), serverApi, history, channels, presence, typing,
                new PresenceScheduler(presence, config.presenceTtlMs(), config.presenceSweepIntervalMs()));
    }

    // ---- 4. in-adapters: REST and WebSocket, on the in-ports --------------------------------------------------

    record InAdapters(Handler rest, WebSocketApi webSockets, InstanceHeartbeatScheduler instanceHeartbeat) {
    }

    private static InAdapters inAdapters(Config config, Basics basics, Services services, OutAdapters out) {
        UserConnections userConnections = out.userConnections();
        UserService userService = services.users();
        MessageService messageService = services.messages();
        SessionSyncService sessions = services.sessions();
        RestApi.UseCases restUseCases = new RestApi.UseCases(userService, userService, userService, userService,
                userService, userService, messageService, messageService, messageService, messageService,
                messageService, services.time(), sessions, sessions, sessions, sessions, sessions, sessions, sessions,
                sessions, userService, userService, services.history());
        ClientAddresses clientAddresses = ClientAddresses.parse(config.trustedProxies());
        RestApi.Options restOptions = new RestApi.Options(config.corsOrigins(), config.httpRateLimit(),
                config.httpRateWindowMs(), MAX_BODY_BYTES, basics.metrics(), clientAddresses);
        ServerPublishService serverApi = services.serverApi();
        ChannelService channels = services.channels();
        RestApi.Rooms rooms = new RestApi.Rooms(channels, channels, channels, channels, channels, channels, channels,
                channels, services.presence(), services.presence());
        WebSocketApi webSockets = WebSocketApi.create(wsSettings(config),
                new WebSocketApi.UseCases(userService, services.realtime(), services.realtime(), sessions,
                        services.history(), services.presence(), services.typing()),
                basics.metrics(), services.time()::now, new WebSocketApi.Clients(clientAddresses,
                        services.presence().trackingOnline(userConnections)));
        InstanceInspectionService inspection = inspection(config, out, services, webSockets);
        Handler rest = RestApi.handler(restUseCases, new RestApi.Operations(services.health(), services.metrics(),
                        inspection),
                new RestApi.ServerApi(serverApi, serverApi, serverApi, serverApi), rooms, restOptions);
        return new InAdapters(rest, webSockets, new InstanceHeartbeatScheduler(inspection, config.instanceHeartbeatMs()));
    }

    /**
     * The admin pages' view of this instance (GET /api/admin/*): its open connections, from the registry; and of
     * every live instance, from the instance registry (each entry lives three heartbeat intervals).
     */
    private static InstanceInspectionService inspection(Config config, OutAdapters out, Services services,
                                                        WebSocketApi webSockets) {
        return new InstanceInspectionService(webSockets.registry(), services.time()::now,
                java.util.UUID.randomUUID().toString(), services.time().now(), webSockets.registry()::isDraining,
                out.instances(), Duration.ofMillis(3 * config.instanceHeartbeatMs()));
    }

    /**
     * A deleted user's connections close on every instance: one internal subscriber per instance hears
     * user.deleted from wherever the deletion happened (upstream through Redis in Redis mode).
     */
    private static void watchUserDeletions(PubSub pubSub, WebSocketApi webSockets) {
        pubSub.subscribe(TopicPattern.parse(USER_EVENTS), webSockets.registry().userDeletions());
    }

    // ---- 5. Jetty: the server and its handler tree (drawn in HandlerTree) ---------------------------------

    private static JettyServer jetty(Config config, InAdapters in) {
        JettyServer server = JettyServer.create(config.host(), config.port(), config.shutdownTimeoutMs());
        HandlerTree.install(server.server(), in.webSockets(), in.rest());
        return server;
    }

    /**
     * The largest delivery frame a broadcast may make (docs/decisions.md, "Hardening: WebSocket edge"): half of
     * WS_MAX_QUEUED_BYTES, so one publish never fills a subscriber's queue on its own, and never more than
     * WS_MAX_MESSAGE_SIZE. 0 when neither is bounded.
     */
    static long maxBroadcastFrameBytes(Config config) {
        long bound = 0;
        if (config.wsMaxQueuedBytes() > 0) {
            bound = config.wsMaxQueuedBytes() / 2;
        }
        if (config.wsMaxMessageSize() > 0) {
            bound = bound == 0 ? config.wsMaxMessageSize() : Math.min(bound, config.wsMaxMessageSize());
        }
        return bound;
    }

    /** Switchboard's own HS256 tokens, and the identity provider's when JWT_JWKS_URL is set (docs/integration.md). */
    private static SecurityAdapters.Tokens tokens(Config config, Clock clock, PrometheusMetrics prometheus) {
        Duration ttl = Duration.ofSeconds(config.jwtTtlSeconds());
        if (config.jwtJwksUrl() == null) {
            return SecurityAdapters.jwt(jwtSecret(config), config.jwtIssuer(), ttl, clock);
        }
        SecurityAdapters.Tokens tokens = SecurityAdapters.jwt(jwtSecret(config), config.jwtIssuer(), ttl, clock,
                new SecurityAdapters.IdentityProvider(URI.create(config.jwtJwksUrl()), config.jwtAudience()));
        prometheus.gauge("switchboard_jwks_keys", "Verification keys of the identity provider's JWKS in use",
                tokens::externalKeyCount);
        prometheus.gauge("switchboard_jwks_fetches", "Fetches of the identity provider's JWKS since start",
                tokens::externalKeyFetches);
        prometheus.gauge("switchboard_jwks_fetch_failures",
                "Fetches of the identity provider's JWKS that failed since start (the last good keys stayed in use)",
                tokens::externalKeyFetchFailures);
        return tokens;
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

    /** A user's WebSockets counted against WS_MAX_CONNECTIONS_PER_USER (on every instance, with Redis). */
    public int webSocketsOfUser(String userId) {
        return webSockets.registry().userConnections(UserId.parse(userId));
    }

    /** WebSocket slots counted against WS_MAX_CONNECTIONS_PER_IP: open connections plus upgrades under way. */
    public int webSocketSlotsReserved() {
        return webSockets.registry().reservedSlots();
    }

    /**
     * Whether every upstream (Redis) subscription asked for so far is in place; always true in memory. Tests wait
     * on it because a Redis SUBSCRIBE completes asynchronously.
     */
    public boolean upstreamSubscriptionsSettled() {
        return !(pubSub instanceof ClusterPubSub cluster) || cluster.upstreamSettled();
    }

    /** (pattern, connection) pairs in the local pub/sub registry (not counting the server's own user watcher). */
    public int subscriptions() {
        return pubSub.subscriptionCount() - INTERNAL_SUBSCRIPTIONS;
    }

    /**
     * Stops like a process killed with SIGKILL as far as presence and online status go (tests of a dead instance):
     * nothing more is written about this instance's connections (no leave, no removal, no heartbeat), so what it
     * wrote expires on its own and another instance's sweep announces the leaves. Then closes.
     */
    public void crashForTests() throws Exception {
        presence.halt();
        close();
    }

    /** True from the first moment of {@link #close()}: /health/ready answers 503 from then on. */
    public boolean isDraining() {
        return health.isDraining();
    }

    /**
     * Stops in order, within SHUTDOWN_TIMEOUT_MS (docs/operations.md, "Shutdown"):
     * <ol>
     *   <li>readiness turns not-ready, so load balancers stop sending new traffic;</li>
     *   <li>new upgrades are refused (503) and open WebSockets are closed with 1001, spread over a third of the
     *       window so that clients do not all reconnect at the same instant;</li>
     *   <li>the expiry scheduler stops;</li>
     *   <li>Jetty stops accepting connections and lets in-flight requests finish in what is left of the window,
     *       less a small reserve for the last step;</li>
     *   <li>store connections close.</li>
     * </ol>
     * Calling it again does nothing.
     */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        long budgetMs = config.shutdownTimeoutMs();
        health.beginDrain();
        log.info("shutdown: not ready; closing {} WebSockets over {} ms", webSockets.registry().openConnections(),
                budgetMs / 3);
        try {
            webSockets.registry().drain(budgetMs / 3);
        } finally {
            expiryScheduler.close();
            long left = budgetMs - elapsedMs(started);
            long reserve = Math.min(1_000, budgetMs / 10);
            log.info("shutdown: stopping HTTP; in-flight requests get up to {} ms", Math.max(0, left - reserve));
            try {
                server.stop(Math.max(0, left - reserve));
            } finally {
                webSockets.registry().close();
                closeStores();
                log.info("shutdown: complete in {} ms", elapsedMs(started));
            }
        }
    }

    private void closeStores() {
        closeAll(stores);
    }

    /** Closes in reverse order of opening: the Redis pub/sub before the connection whose client it uses. */
    private static void closeAll(List<AutoCloseable> stores) {
        for (int i = stores.size() - 1; i >= 0; i--) {
            AutoCloseable store = stores.get(i);
            try {
                store.close();
            } catch (Exception e) {
                log.warn("shutdown: closing {} failed: {}", store.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static List<HealthCheck> withOverrides(List<HealthCheck> checks, List<HealthCheck> overrides) {
        Map<String, HealthCheck> byName = new LinkedHashMap<>();
        checks.forEach(c -> byName.put(c.name(), c));
        overrides.forEach(c -> byName.put(c.name(), c));
        return List.copyOf(byName.values());
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
