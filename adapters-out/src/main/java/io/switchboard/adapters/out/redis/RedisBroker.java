package io.switchboard.adapters.out.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.switchboard.adapters.out.pubsub.Broker;
import io.switchboard.application.realtime.StreamPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Broker} on Redis pub/sub, with Lettuce and nothing else: one connection PUBLISHes (Redis keeps the
 * order of one connection's commands), one SUBSCRIBEs and PSUBSCRIBEs and receives; both reconnect on their own
 * and report it. Extension points (see {@link Broker}): a history broker replaces {@link #publish} by an EVALSHA of
 * a script that stores and PUBLISHes in one step on the same publishing connection; a Redis Cluster broker uses
 * SPUBLISH/SSUBSCRIBE on a cluster connection instead.
 */
final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final RedisClient client;
    /** The history topics' store-and-send script, or null (no history). */
    private final RedisHistory history;
    private StatefulRedisConnection<String, String> publisher;
    private StatefulRedisPubSubConnection<String, String> receiver;

    RedisBroker(RedisClient client) {
        this(client, null);
    }

    RedisBroker(RedisClient client, RedisHistory history) {
        this.client = client;
        this.history = history;
    }

    @Override
    public void start(Listener listener) {
        publisher = client.connect();
        try {
            receiver = client.connectPubSub();
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
        if (history != null) {
            history.loadScripts(publisher.async());
        }
        receiver.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                listener.received(channel, message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
                listener.received(channel, message);
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                changed(connection, true, listener);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                changed(connection, false, listener);
            }
        });
    }

    private void changed(RedisChannelHandler<?, ?> connection, boolean up, Listener listener) {
        if (connection == publisher) {
            if (up && history != null) {
                history.loadScripts(publisher.async()); // queued before anything the outbox sends after the grace
            }
            listener.publishingLink(up);
        } else if (connection == receiver) {
            listener.subscribingLink(up);
        } else {
            return; // another connection of the same client (the stores')
        }
        log.info("Redis {} connection {}", connection == publisher ? "publishing" : "subscribing", up ? "up" : "down");
    }

    @Override
    public CompletableFuture<?> publish(String channel, String payload) {
        return publisher.async().publish(channel, payload).toCompletableFuture();
    }

    @Override
    public CompletableFuture<StreamPosition> publishKept(Kept kept, boolean retry) {
        if (history == null) {
            return Broker.super.publishKept(kept, retry);
        }
        return history.append(publisher.async(), kept, retry);
    }

    @Override
    public Duration publishTimeout() {
        return publisher.getTimeout();
    }

    @Override
    public CompletableFuture<?> subscribe(Collection<String> channels) {
        return receiver.async().subscribe(channels.toArray(String[]::new)).toCompletableFuture();
    }

    @Override
    public CompletableFuture<?> unsubscribe(Collection<String> channels) {
        return receiver.async().unsubscribe(channels.toArray(String[]::new)).toCompletableFuture();
    }

    @Override
    public CompletableFuture<?> subscribeGlobs(Collection<String> globs) {
        return receiver.async().psubscribe(globs.toArray(String[]::new)).toCompletableFuture();
    }

    @Override
    public CompletableFuture<?> unsubscribeGlobs(Collection<String> globs) {
        return receiver.async().punsubscribe(globs.toArray(String[]::new)).toCompletableFuture();
    }

    @Override
    public void close() {
        if (receiver != null) {
            receiver.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
