package io.switchboard.adapters.out.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.switchboard.domain.failure.ServiceUnavailable;

import java.time.Duration;
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
 * <p><b>Threads.</b> The stores use the synchronous API: call them from request or worker threads, never from a
 * Lettuce/Netty I/O thread (a pub/sub listener callback, say), where a blocking call would stall every connection.
 */
public final class RedisConnection implements AutoCloseable {
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final int DEFAULT_REQUEST_QUEUE_SIZE = 10_000;
    static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final Duration commandTimeout;

    private RedisConnection(ClientResources resources, RedisClient client,
                            StatefulRedisConnection<String, String> connection, Duration commandTimeout) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commandTimeout = commandTimeout;
    }

    /**
     * Connects to {@code redisUrl} ({@code redis://[user:password@]host:port[/db]}, or {@code rediss://}).
     *
     * @throws IllegalArgumentException when the URL is not a Redis URL
     * @throws ServiceUnavailable       STORE_UNAVAILABLE when Redis cannot be reached now
     */
    static RedisConnection open(String redisUrl, Duration commandTimeout, int requestQueueSize) {
        Objects.requireNonNull(redisUrl, "redisUrl");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the command timeout must be positive");
        }
        if (requestQueueSize < 1) {
            throw new IllegalArgumentException("the request queue needs room for at least one command");
        }
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(commandTimeout);
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(requestQueueSize)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
            connection.setTimeout(commandTimeout);
            return new RedisConnection(resources, client, connection, commandTimeout);
        } catch (RedisException e) {
            shutdown(client, resources);
            throw new ServiceUnavailable(STORE_UNAVAILABLE, "cannot connect to Redis at " + safe(uri));
        } catch (RuntimeException e) {
            shutdown(client, resources);
            throw e;
        }
    }

    /**
     * One PING round trip, for health checks.
     *
     * @return how long it took
     * @throws ServiceUnavailable STORE_UNAVAILABLE when Redis does not answer within the command timeout
     */
    public Duration ping() {
        long start = System.nanoTime();
        String answer = call(RedisCommands::ping);
        if (!"PONG".equals(answer)) {
            throw new ServiceUnavailable(STORE_UNAVAILABLE, "Redis answered PING with something else");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Whether the connection is up right now (it reconnects by itself when it is not). */
    public boolean isConnected() {
        return connection.isOpen();
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Closes the connection and the client, then the client resources (their event loops and timers). */
    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            shutdown(client, resources);
        }
    }

    /** The client, for the adapters that need connections of their own (pub/sub). */
    RedisClient client() {
        return client;
    }

    ClientResources resources() {
        return resources;
    }

    /**
     * Runs Redis commands on the shared connection and turns every failure to reach Redis into
     * {@link ServiceUnavailable}. An error that Redis reports for a command it understood but refused (a script
     * error, a wrong type) is a bug, not an outage: it stays an unchecked {@link IllegalStateException}.
     */
    <T> T call(Function<RedisCommands<String, String>, T> commands) {
        try {
            return commands.apply(connection.sync());
        } catch (RedisCommandInterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (RedisCommandExecutionException e) {
            if (isBug(e)) {
                throw new IllegalStateException("Redis refused a command: " + e.getMessage(), e);
            }
            throw unavailable(); // LOADING, BUSY, MASTERDOWN, READONLY, OOM, ...: Redis cannot serve us now
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

    private static void shutdown(RedisClient client, ClientResources resources) {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
