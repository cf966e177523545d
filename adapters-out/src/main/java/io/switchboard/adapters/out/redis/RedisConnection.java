package io.switchboard.adapters.out.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.switchboard.domain.failure.ServiceUnavailable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The process's one way to Redis: one {@link ClientResources} (Netty event loops, timers), one {@link RedisClient}
 * and one shared, pipelined connection for the stores. Make one per process (bootstrap does), share it, close it
 * last; {@link #close()} closes the client and then the resources.
 *
 * <p><b>Failing fast.</b> Commands are rejected at once while the connection is down (no buffering until Redis is
 * back), every command times out after the command timeout (2 s by default), and the request queue is bounded.
 * Every such failure surfaces as {@link ServiceUnavailable} {@code STORE_UNAVAILABLE} (code 55), so a caller never
 * waits long and never gets data that was not read. The connection reconnects by itself, quickly (10 ms, doubling
 * up to 1 s between attempts).
 *
 * <p><b>Re-sent commands.</b> With auto-reconnect Lettuce delivers at least once: a command written just before the
 * connection broke (and not yet timed out) is written again after the reconnect, though Redis may have run it.
 * The write scripts therefore recognise their own repetition and answer as the first run did, so a repeated insert
 * or compareAndSet never turns into a false EMAIL_TAKEN or conflict: users and messages by their random id and
 * content, sessions by a random token per write (two writers may compute the very same next state of a session,
 * so content cannot tell a repetition from a competing write).
 *
 * <p><b>Redis Cluster.</b> A {@code redis-cluster://host:port[,host:port...]} URL (or {@code rediss-cluster://}
 * for TLS; user and password as in {@code redis://user:password@host:port}, applied to every seed) connects a
 * {@link RedisClusterClient} instead: the same stores run on it, since every script and multi-key command touches
 * one hash slot (docs/redis.md). The topology is refreshed every 5 s and on every adaptive trigger (MOVED, ASK,
 * persistent reconnects, unknown nodes), so slot moves and failovers are followed without a restart. The cluster
 * client connects to each node lazily, on its first command, and Lettuce's cluster writer rejects a command whose
 * node connection is still being made when commands are rejected while disconnected; so on a cluster commands wait
 * for their node connection instead, bounded by the same command timeout (a dead master: STORE_UNAVAILABLE after
 * 2 s, until the failover is seen).
 *
 * <p><b>Waiting for replicas.</b> With {@code waitReplicas > 0} (REDIS_WAIT_REPLICAS) every state write goes through
 * {@link #write}: after the write, {@code WAIT n timeout} runs on the same connection (on a cluster: the connection
 * to the master of the key's slot), and the write is acknowledged only when {@code n} replicas have it; otherwise
 * the caller gets STORE_UNAVAILABLE (the write may or may not survive a failover, like any write the client did
 * not see acknowledged).
 *
 * <p><b>Threads.</b> The stores use the synchronous API: call them from request or worker threads, never from a
 * Lettuce/Netty I/O thread (a pub/sub listener callback, say), where a blocking call would stall every connection.
 */
public final class RedisConnection implements AutoCloseable {
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final int DEFAULT_REQUEST_QUEUE_SIZE = 10_000;
    static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(1);
    static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);
    private static final int WRITE_ATTEMPTS = 3;

    private final ClientResources resources;
    private final RedisClient client;                 // standalone, else null
    private final RedisClusterClient clusterClient;   // cluster, else null
    private final StatefulRedisConnection<String, String> connection;               // standalone, else null
    private final StatefulRedisClusterConnection<String, String> clusterConnection; // cluster, else null
    private final Duration commandTimeout;
    private final int waitReplicas;
    private final Duration waitTimeout;

    private RedisConnection(ClientResources resources, RedisClient client, RedisClusterClient clusterClient,
                            StatefulRedisConnection<String, String> connection,
                            StatefulRedisClusterConnection<String, String> clusterConnection, Duration commandTimeout,
                            int waitReplicas, Duration waitTimeout) {
        this.resources = resources;
        this.client = client;
        this.clusterClient = clusterClient;
        this.connection = connection;
        this.clusterConnection = clusterConnection;
        this.commandTimeout = commandTimeout;
        this.waitReplicas = waitReplicas;
        this.waitTimeout = waitTimeout;
    }

    static RedisConnection open(String redisUrl, Duration commandTimeout, int requestQueueSize) {
        return open(redisUrl, commandTimeout, requestQueueSize, 0, DEFAULT_WAIT_TIMEOUT);
    }

    /**
     * Connects to {@code redisUrl}: {@code redis://[user:password@]host:port[/db]} or {@code rediss://} (one Redis,
     * with or without replicas), or {@code redis-cluster://[user:password@]host:port[,host:port...]} or
     * {@code rediss-cluster://} (a Redis Cluster; the hosts are seeds, the rest is discovered).
     *
     * @param waitReplicas REDIS_WAIT_REPLICAS: replicas every state write must reach before it is acknowledged
     * @param waitTimeout  how long a write waits for them (WAIT's timeout)
     * @throws IllegalArgumentException when the URL is not a Redis URL
     * @throws ServiceUnavailable       STORE_UNAVAILABLE when Redis cannot be reached now
     */
    static RedisConnection open(String redisUrl, Duration commandTimeout, int requestQueueSize, int waitReplicas,
                                Duration waitTimeout) {
        Objects.requireNonNull(redisUrl, "redisUrl");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the command timeout must be positive");
        }
        if (requestQueueSize < 1) {
            throw new IllegalArgumentException("the request queue needs room for at least one command");
        }
        if (waitReplicas < 0 || waitTimeout.isNegative() || waitTimeout.isZero()) {
            throw new IllegalArgumentException("REDIS_WAIT_REPLICAS must not be negative, its timeout positive");
        }
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        if (isClusterUrl(redisUrl)) {
            return openCluster(redisUrl, resources, commandTimeout, requestQueueSize, waitReplicas, waitTimeout);
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUrl);
        } catch (RuntimeException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        uri.setTimeout(commandTimeout);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(requestQueueSize)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(socketOptions(commandTimeout))
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
            connection.setTimeout(commandTimeout);
            return new RedisConnection(resources, client, null, connection, null, commandTimeout, waitReplicas,
                    waitTimeout);
        } catch (RedisException e) {
            shutdown(client, resources);
            throw new ServiceUnavailable(STORE_UNAVAILABLE, "cannot connect to Redis at " + safe(uri));
        } catch (RuntimeException e) {
            shutdown(client, resources);
            throw e;
        }
    }

    /** Whether {@code url} names a Redis Cluster ({@code redis-cluster://} or {@code rediss-cluster://}). */
    public static boolean isClusterUrl(String url) {
        return url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://");
    }

    /** The seeds of a cluster URL, each as a {@code redis://} (or {@code rediss://}) URI with the URL's credentials. */
    static List<RedisURI> clusterSeeds(String url, Duration commandTimeout) {
        boolean tls = url.startsWith("rediss-cluster://");
        String rest = url.substring(url.indexOf("://") + 3);
        String userInfo = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String query = "";
        if (slash >= 0) {
            query = rest.substring(slash);
            rest = rest.substring(0, slash);
        }
        if (query.length() > 1 && !query.startsWith("/?") && !query.equals("/")) {
            throw new IllegalArgumentException("a Redis Cluster has no databases: no /<db> in " + safeUrl(url));
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String hostPort : rest.split(",")) {
            if (hostPort.isBlank()) {
                throw new IllegalArgumentException("an empty host in the cluster URL " + safeUrl(url));
            }
            RedisURI seed = RedisURI.create((tls ? "rediss://" : "redis://") + userInfo + hostPort.trim()
                    + (query.startsWith("/?") ? query : ""));
            seed.setTimeout(commandTimeout);
            seeds.add(seed);
        }
        return seeds;
    }

    private static RedisConnection openCluster(String redisUrl, ClientResources resources, Duration commandTimeout,
                                               int requestQueueSize, int waitReplicas, Duration waitTimeout) {
        List<RedisURI> seeds;
        try {
            seeds = clusterSeeds(redisUrl, commandTimeout);
        } catch (RuntimeException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT) // see the class comment
                .requestQueueSize(requestQueueSize)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(socketOptions(commandTimeout))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .refreshTriggersReconnectAttempts(3)
                        .build())
                .build());
        try {
            StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
            connection.setTimeout(commandTimeout);
            return new RedisConnection(resources, null, client, null, connection, commandTimeout, waitReplicas,
                    waitTimeout);
        } catch (RedisException e) {
            shutdown(client, resources);
            throw new ServiceUnavailable(STORE_UNAVAILABLE, "cannot connect to the Redis Cluster at "
                    + safeUrl(redisUrl));
        } catch (RuntimeException e) {
            shutdown(client, resources);
            throw e;
        }
    }

    private static SocketOptions socketOptions(Duration commandTimeout) {
        return SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build();
    }

    /**
     * One PING round trip, for health checks; on a cluster, one to every master (the slowest counts).
     *
     * @return how long it took
     * @throws ServiceUnavailable STORE_UNAVAILABLE when Redis (a master) does not answer within the command timeout
     */
    public Duration ping() {
        if (clusterConnection != null) {
            Duration slowest = Duration.ZERO;
            for (Duration latency : shardLatencies().values()) {
                if (latency == null) {
                    throw new ServiceUnavailable(STORE_UNAVAILABLE, "a Redis Cluster master does not answer");
                }
                slowest = latency.compareTo(slowest) > 0 ? latency : slowest;
            }
            return slowest;
        }
        long start = System.nanoTime();
        String answer = call(RedisClusterCommands::ping);
        if (!"PONG".equals(answer)) {
            throw new ServiceUnavailable(STORE_UNAVAILABLE, "Redis answered PING with something else");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The PING latency of every master (by {@code host:port}; null when it did not answer), for per-shard health.
     * One entry {@code "redis"} for a single Redis.
     */
    public Map<String, Duration> shardLatencies() {
        Map<String, Duration> latencies = new LinkedHashMap<>();
        if (clusterConnection == null) {
            Duration latency;
            try {
                latency = ping();
            } catch (ServiceUnavailable e) {
                latency = null;
            }
            latencies.put("redis", latency);
            return latencies;
        }
        for (RedisClusterNode node : clusterConnection.getPartitions()) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM) || node.hasNoSlots()) {
                continue;
            }
            String name = node.getUri().getHost() + ":" + node.getUri().getPort();
            long start = System.nanoTime();
            try {
                String answer = clusterConnection.getConnection(node.getNodeId()).sync().ping();
                latencies.put(name, "PONG".equals(answer) ? Duration.ofNanos(System.nanoTime() - start) : null);
            } catch (RuntimeException e) {
                latencies.put(name, null);
            }
        }
        if (latencies.isEmpty()) {
            latencies.put("cluster", null); // no master known: nothing can be served
        }
        return latencies;
    }

    /** Whether the connection is up right now (it reconnects by itself when it is not). */
    public boolean isConnected() {
        return clusterConnection != null ? clusterConnection.isOpen() : connection.isOpen();
    }

    /** Whether this is a Redis Cluster connection. */
    public boolean isCluster() {
        return clusterConnection != null;
    }

    /** REDIS_WAIT_REPLICAS: how many replicas a state write must reach before it is acknowledged. */
    public int waitReplicas() {
        return waitReplicas;
    }

    /** REDIS_WAIT_TIMEOUT_MS: how long a write waits for {@link #waitReplicas()} replicas. */
    Duration waitTimeout() {
        return waitTimeout;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Closes the connection and the client, then the client resources (their event loops and timers). */
    @Override
    public void close() {
        try {
            if (clusterConnection != null) {
                clusterConnection.close();
            } else {
                connection.close();
            }
        } finally {
            shutdown(client != null ? client : clusterClient, resources);
        }
    }

    /** The standalone client, for the adapters that need connections of their own (pub/sub). */
    RedisClient client() {
        if (client == null) {
            throw new IllegalStateException("a Redis Cluster connection has no standalone client");
        }
        return client;
    }

    /** The cluster client (sharded pub/sub), or null for a single Redis. */
    RedisClusterClient clusterClient() {
        return clusterClient;
    }

    ClientResources resources() {
        return resources;
    }

    /**
     * Runs Redis commands on the shared connection and turns every failure to reach Redis into
     * {@link ServiceUnavailable}. An error that Redis reports for a command it understood but refused (a script
     * error, a wrong type) is a bug, not an outage: it stays an unchecked {@link IllegalStateException}.
     * The commands are the ones a single Redis and a cluster have in common ({@link RedisClusterCommands}).
     */
    <T> T call(Function<RedisClusterCommands<String, String>, T> commands) {
        try {
            return guarded(() -> commands.apply(clusterConnection != null ? clusterConnection.sync()
                    : connection.sync()));
        } catch (Redirected e) {
            throw unavailable(); // more redirections than the cluster client follows: the slots are moving
        }
    }

    /**
     * A state write on {@code key} (and keys of its slot): as {@link #call}, then, with REDIS_WAIT_REPLICAS
     * {@code n > 0}, {@code WAIT n timeout} on the same connection; fewer than {@code n} replicas in time is
     * STORE_UNAVAILABLE. On a cluster the write and the WAIT both go to the connection to the slot's master (WAIT
     * counts the writes of its own connection); a MOVED/ASK answer (the slot is moving) refreshes the topology and
     * tries again: the write scripts recognise their own repetition.
     */
    <T> T write(String key, Function<RedisClusterCommands<String, String>, T> commands) {
        if (waitReplicas == 0) {
            return call(commands);
        }
        if (clusterConnection == null) {
            return guarded(() -> {
                T result = commands.apply(connection.sync());
                awaitReplicas(connection.sync().waitForReplication(waitReplicas, waitTimeout.toMillis()));
                return result;
            });
        }
        int slot = SlotHash.getSlot(key);
        for (int attempt = 1; ; attempt++) {
            RedisClusterNode master = clusterConnection.getPartitions().getMasterBySlot(slot);
            if (master == null) {
                throw unavailable();
            }
            try {
                return guarded(() -> {
                    var node = clusterConnection.getConnection(master.getNodeId()).sync();
                    T result = commands.apply(node);
                    awaitReplicas(node.waitForReplication(waitReplicas, waitTimeout.toMillis()));
                    return result;
                });
            } catch (Redirected e) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw unavailable();
                }
                clusterClient.refreshPartitions();
            }
        }
    }

    private void awaitReplicas(Long acknowledged) {
        if (acknowledged == null || acknowledged < waitReplicas) {
            throw new ServiceUnavailable(STORE_UNAVAILABLE, "the write reached " + acknowledged + " of "
                    + waitReplicas + " Redis replicas within " + waitTimeout.toMillis() + " ms");
        }
    }

    /** A MOVED or ASK answer on a node connection: the slot is elsewhere (or moving). */
    private static final class Redirected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Redirected() {
            super(null, null, false, false);
        }
    }

    private static <T> T guarded(java.util.function.Supplier<T> commands) {
        try {
            return commands.get();
        } catch (RedisCommandInterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (RedisCommandExecutionException e) {
            String message = e.getMessage();
            if (message != null && (message.startsWith("MOVED") || message.startsWith("ASK"))) {
                throw new Redirected();
            }
            if (isBug(e)) {
                throw new IllegalStateException("Redis refused a command: " + e.getMessage(), e);
            }
            throw unavailable(); // LOADING, BUSY, MASTERDOWN, READONLY, OOM, CLUSTERDOWN, TRYAGAIN, ...
        } catch (RedisException e) {
            throw unavailable(); // not connected, timed out, request queue full, connection closed
        }
    }

    /** Redis error replies start with an upper-case error code; these two mean the request itself was wrong. */
    private static boolean isBug(RedisCommandExecutionException e) {
        String message = e.getMessage();
        return message != null && (message.startsWith("ERR") || message.startsWith("WRONGTYPE"));
    }

    private static ServiceUnavailable unavailable() {
        return new ServiceUnavailable(STORE_UNAVAILABLE, "the state store (Redis) is unavailable");
    }

    private static String safe(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The URL without its credentials, for messages. */
    static String safeUrl(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        return at > scheme && scheme >= 0 ? url.substring(0, scheme + 3) + "***@" + url.substring(at + 1) : url;
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
