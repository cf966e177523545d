package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.pubsub.Broker;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.adapters.out.pubsub.DistributedPubSub;
import io.switchboard.adapters.out.pubsub.PublicationCodec;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.application.port.out.InstanceRegistry;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.application.port.out.UserRepository;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Bootstrap's way to the Redis adapters (REDIS_URL set). Connect once per process, build the stores on that
 * connection, close it last. Every store call fails fast with ServiceUnavailable STORE_UNAVAILABLE (code 55) while
 * Redis cannot answer within the command timeout. Key schema and failure behaviour: docs/redis.md.
 */
public final class RedisAdapters {
    /** REDIS_KEY_PREFIX's default. */
    public static final String DEFAULT_KEY_PREFIX = "sb:";

    private RedisAdapters() {
    }

    /**
     * Connects with a 2 s command timeout and a request queue of 10,000 commands.
     *
     * @throws IllegalArgumentException when {@code redisUrl} is not a Redis URL
     * @throws io.switchboard.domain.failure.ServiceUnavailable STORE_UNAVAILABLE when Redis cannot be reached now
     */
    public static RedisConnection connect(String redisUrl) {
        return connect(redisUrl, RedisConnection.DEFAULT_COMMAND_TIMEOUT);
    }

    /** As {@link #connect(String)}, with another command (and connect) timeout. */
    public static RedisConnection connect(String redisUrl, Duration commandTimeout) {
        return RedisConnection.open(redisUrl, commandTimeout, RedisConnection.DEFAULT_REQUEST_QUEUE_SIZE);
    }

    /**
     * As {@link #connect(String, Duration)}, for a single Redis or a Redis Cluster ({@code redis-cluster://}), with
     * REDIS_WAIT_REPLICAS: every state write is acknowledged only after {@code waitReplicas} replicas have it
     * (WAIT with {@code waitTimeout}); 0 does not wait.
     */
    public static RedisConnection connect(String redisUrl, Duration commandTimeout, int waitReplicas,
                                          Duration waitTimeout) {
        return RedisConnection.open(redisUrl, commandTimeout, RedisConnection.DEFAULT_REQUEST_QUEUE_SIZE,
                waitReplicas, waitTimeout);
    }

    /** REDIS_WAIT_TIMEOUT_MS's default. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = RedisConnection.DEFAULT_WAIT_TIMEOUT;

    public static UserRepository userRepository(RedisConnection connection, String keyPrefix) {
        return new RedisUserRepository(Objects.requireNonNull(connection), keys(keyPrefix));
    }

    /** Presence per topic (docs/redis.md, keys under the topic's partition tag). */
    public static PresenceStore presenceStore(RedisConnection connection, String keyPrefix) {
        return new RedisPresenceStore(connection, new RedisKeys(keyPrefix));
    }

    /** Declared channels and their members (docs/redis.md, hash tag {c:<id>}). */
    public static ChannelRepository channelRepository(RedisConnection connection, String keyPrefix) {
        return new RedisChannelRepository(connection, new RedisKeys(keyPrefix));
    }

    /** The live instances (docs/redis.md, hash tag {instances}). */
    public static InstanceRegistry instanceRegistry(RedisConnection connection, String keyPrefix) {
        return new RedisInstanceRegistry(Objects.requireNonNull(connection), new RedisKeys(keyPrefix));
    }

    public static MessageRepository messageRepository(RedisConnection connection, String keyPrefix) {
        return new RedisMessageRepository(Objects.requireNonNull(connection), keys(keyPrefix));
    }

    /** Refresh tokens (hashes only), keys hash-tagged by user; see docs/redis.md. */
    public static RefreshTokenStore refreshTokenStore(RedisConnection connection, String keyPrefix) {
        return new RedisRefreshTokenStore(Objects.requireNonNull(connection), keys(keyPrefix));
    }

    /**
     * @param clock the server clock (for the TTL)
     * @param ttl   SESSION_TTL_SECONDS: how long a session that is not running outlives its last change; zero = for ever
     */
    public static SessionStore sessionStore(RedisConnection connection, String keyPrefix, Clock clock, Duration ttl) {
        return sessionStore(connection, keyPrefix, clock, ttl, Duration.ZERO, 0);
    }

    /**
     * @param maxLifetime SESSION_MAX_LIFETIME_SECONDS: any session is removed this long after its creation; zero = never
     * @param maxPerOwner SESSION_MAX_PER_OWNER: sessions one owner may hold, across all instances; zero = no limit
     */
    public static SessionStore sessionStore(RedisConnection connection, String keyPrefix, Clock clock, Duration ttl,
                                            Duration maxLifetime, int maxPerOwner) {
        return new RedisSessionStore(Objects.requireNonNull(connection), keys(keyPrefix), clock, ttl, maxLifetime,
                maxPerOwner);
    }

    /** @param perSecond SWITCH_RATE_LIMIT per session, across all instances; 0 = no limit */
    public static SwitchRateLimiter switchRateLimiter(RedisConnection connection, String keyPrefix, int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("SWITCH_RATE_LIMIT must not be negative");
        }
        if (perSecond == 0) {
            return (session, now) -> Optional.empty();
        }
        return new RedisSwitchRateLimiter(Objects.requireNonNull(connection), keys(keyPrefix), perSecond);
    }

    /** Idempotency keys shared by every instance, each for {@code window} (one Redis string per key, with a TTL). */
    public static IdempotencyStore idempotencyStore(RedisConnection connection, String keyPrefix, Duration window) {
        return new RedisIdempotencyStore(Objects.requireNonNull(connection), keys(keyPrefix), window);
    }

    /** How long a user's connection counts without its instance's heartbeat (the heartbeat runs every third). */
    public static final long DEFAULT_USER_CONNECTION_TTL_MS = 60_000;

    /**
     * WS_MAX_CONNECTIONS_PER_USER across all instances. Close it (it stops the heartbeat) before the connection.
     *
     * @param maxPerUser open WebSockets one user may hold; 0 = no limit
     * @param ttlMs      how long a connection counts without its instance's heartbeat
     */
    public static RedisUserConnections userConnections(RedisConnection connection, String keyPrefix, int maxPerUser,
                                                       long ttlMs) {
        return new RedisUserConnections(Objects.requireNonNull(connection), keys(keyPrefix), maxPerUser, ttlMs);
    }

    /** REDIS_OUTBOX_LIMIT's default: publications kept per instance while Redis is away. */
    public static final int DEFAULT_OUTBOX_LIMIT = 10_000;

    /**
     * Pub/sub across every instance sharing this Redis and key prefix: local subscribers directly, the others
     * through Redis channels {@code <prefix>t:<topic>}. Opens two connections of its own (publishing and
     * subscribing); close it before the connection.
     *
     * @param outboxLimit publications kept while Redis is away (oldest dropped past it); 0 keeps none
     */
    public static ClusterPubSub pubSub(RedisConnection connection, String keyPrefix, FrameEncoder encoder,
                                       Metrics metrics, int outboxLimit) {
        return pubSub(connection, keyPrefix, encoder, metrics, outboxLimit, DEFAULT_OUTBOX_MAX_BYTES,
                DEFAULT_INBOUND_MAX_BYTES);
    }

    /**
     * REDIS_OUTBOX_MAX_BYTES's default: 64 MiB, so large payloads cannot exhaust the heap (10,000 publications of
     * 1 MiB, which the count bound alone allows, would be 10 GiB).
     */
    public static final long DEFAULT_OUTBOX_MAX_BYTES = 64L << 20;
    /** REDIS_INBOUND_MAX_BYTES's default: 64 MiB of received messages waiting for the local fan-out. */
    public static final long DEFAULT_INBOUND_MAX_BYTES = 64L << 20;

    /**
     * As {@link #pubSub(RedisConnection, String, FrameEncoder, Metrics, int)}, with byte bounds.
     *
     * @param outboxMaxBytes  what the outbox may hold in bytes (oldest dropped past it); 0 = no byte bound
     * @param inboundMaxBytes what received messages waiting for the local fan-out may hold in bytes (new arrivals
     *                        dropped past it); 0 = no byte bound
     */
    public static ClusterPubSub pubSub(RedisConnection connection, String keyPrefix, FrameEncoder encoder,
                                       Metrics metrics, int outboxLimit, long outboxMaxBytes, long inboundMaxBytes) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (outboxMaxBytes < 0 || inboundMaxBytes < 0) {
            throw new IllegalArgumentException("byte bounds must not be negative");
        }
        RedisChannels channels = channels(connection, keyPrefix);
        if (connection.isCluster()) {
            return new DistributedPubSub(new RedisShardedBroker(connection.clusterClient(), keyPrefix + "probe:"),
                    channels, keyPrefix + "ctl:", encoder, metrics, outboxLimit, outboxMaxBytes, inboundMaxBytes,
                    null, null);
        }
        return new DistributedPubSub(new RedisBroker(connection.client()), channels, keyPrefix + "ctl:",
                encoder, metrics, outboxLimit, outboxMaxBytes, inboundMaxBytes, null, null);
    }

    /** A pub/sub that keeps history, and the read side of that history (docs/history-and-recovery.md). */
    public record PubSubWithHistory(ClusterPubSub pubSub, TopicHistory history) {
    }

    /**
     * As {@link #pubSub(RedisConnection, String, FrameEncoder, Metrics, int, long, long)}, keeping the history of
     * the topics {@code history} names in Redis Streams (one Lua script stores and publishes).
     */
    public static PubSubWithHistory pubSubWithHistory(RedisConnection connection, String keyPrefix,
                                                      FrameEncoder encoder, Metrics metrics, int outboxLimit,
                                                      long outboxMaxBytes, long inboundMaxBytes,
                                                      HistorySettings history, Clock clock) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (outboxMaxBytes < 0 || inboundMaxBytes < 0) {
            throw new IllegalArgumentException("byte bounds must not be negative");
        }
        RedisChannels channels = channels(connection, keyPrefix);
        RedisHistory streams = new RedisHistory(connection, keys(keyPrefix), history, new PublicationCodec(encoder),
                clock, channels);
        Broker broker = connection.isCluster()
                ? new RedisShardedBroker(connection.clusterClient(), keyPrefix + "probe:", streams)
                : new RedisBroker(connection.client(), streams);
        ClusterPubSub pubSub = new DistributedPubSub(broker, channels, keyPrefix + "ctl:", encoder, metrics,
                outboxLimit, outboxMaxBytes, inboundMaxBytes, history, streams);
        return new PubSubWithHistory(pubSub, streams);
    }

    /**
     * The channel names of the pub/sub on {@code connection} (one Redis: a channel per topic; a cluster: the topic's
     * partition channel, in the slot of the topic's keys) and the command that publishes on them. A script that stores
     * and publishes a topic's publication in one step (history) takes both from here.
     */
    public static RedisChannels channels(RedisConnection connection, String keyPrefix) {
        return new RedisChannels(keys(keyPrefix), connection.isCluster());
    }

    /** The `stateStore` check of /health: a PING to Redis, with its latency. */
    public static HealthCheck stateStoreHealth(RedisConnection connection) {
        return RedisHealthChecks.stateStore(Objects.requireNonNull(connection));
    }

    /**
     * The `pubsub` check of /health: down while a pub/sub connection is down or the oldest publication in the
     * outbox has waited longer than 10 s (cross-instance publishing is stalled: not ready), degraded while
     * publications wait in the outbox, up otherwise; with the outbox's and the inbound queue's sizes and drops.
     */
    public static HealthCheck pubSubHealth(ClusterPubSub pubSub) {
        return RedisHealthChecks.pubSub(Objects.requireNonNull(pubSub));
    }

    private static RedisKeys keys(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        return new RedisKeys(keyPrefix);
    }
}
