package io.switchboard.adapters.out.pubsub;

import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What this instance asks the broker for: only what its subscribers need, as {@link ChannelNaming} names it (by
 * default an exact pattern subscribes to its channel {@code <prefix><topic>}, a wildcard pattern to a glob covering
 * it; a sharded broker's naming gives partition channels instead); what a channel or glob lets through beyond the
 * pattern the hub's index filters out. Several patterns may need the same channel or glob: each is
 * reference-counted, subscribed with its first pattern and dropped with its last.
 *
 * <p>The hub's index tells this (as its {@link SubscriptionIndex.Listener}) under its lock; the broker is asked on
 * one background thread, in the order the index asked, never on the caller's thread. When the subscribing link
 * comes back, {@link #resubscribeAll()} issues everything wanted again.
 */
final class UpstreamSubscriptions implements SubscriptionIndex.Listener {
    private static final Logger log = LoggerFactory.getLogger(UpstreamSubscriptions.class);
    private static final long ANSWER_SECONDS = 5;

    private final Broker broker;
    private final ChannelNaming naming;
    private final Executor executor;
    /** Channel or glob -> how many local patterns need it. Guarded by {@code this}. */
    private final Map<String, Integer> wantedChannels = new HashMap<>();
    private final Map<String, Integer> wantedGlobs = new HashMap<>();
    /** Broker operations queued or running. */
    private final AtomicInteger pending = new AtomicInteger();

    /** @param executor runs the broker operations one at a time, in order (one thread) */
    UpstreamSubscriptions(Broker broker, String channelPrefix, Executor executor) {
        this(broker, ChannelNaming.prefixed(channelPrefix), executor);
    }

    /** @param executor runs the broker operations one at a time, in order (one thread) */
    UpstreamSubscriptions(Broker broker, ChannelNaming naming, Executor executor) {
        this.broker = broker;
        this.naming = naming;
        this.executor = executor;
    }

    @Override
    public void firstSubscriber(TopicPattern pattern) {
        ChannelNaming.Upstream target = naming.upstream(pattern);
        List<String> first = new ArrayList<>();
        synchronized (this) {
            Map<String, Integer> wanted = target.globs() ? wantedGlobs : wantedChannels;
            for (String name : target.names()) {
                if (wanted.merge(name, 1, Integer::sum) == 1) {
                    first.add(name);
                }
            }
        }
        if (!first.isEmpty()) {
            run(() -> answer(() -> target.globs() ? broker.subscribeGlobs(first) : broker.subscribe(first),
                    "subscribe to " + first + " deferred"));
        }
    }

    @Override
    public void lastSubscriberGone(TopicPattern pattern) {
        ChannelNaming.Upstream target = naming.upstream(pattern);
        List<String> last = new ArrayList<>();
        synchronized (this) {
            Map<String, Integer> wanted = target.globs() ? wantedGlobs : wantedChannels;
            for (String name : target.names()) {
                if (wanted.merge(name, -1, Integer::sum) <= 0) {
                    wanted.remove(name);
                    last.add(name);
                }
            }
        }
        if (!last.isEmpty()) {
            run(() -> answer(() -> target.globs() ? broker.unsubscribeGlobs(last) : broker.unsubscribe(last),
                    "unsubscribe from " + last + " failed"));
        }
    }

    /** The broker channel of an exact pattern, or a glob covering a wildcard one (the first, for tests). */
    String upstreamName(TopicPattern pattern) {
        return naming.upstream(pattern).names().get(0);
    }

    /** Issues everything wanted again (the subscribing link is back). */
    void resubscribeAll() {
        run(() -> {
            List<String> channels;
            List<String> globs;
            synchronized (this) {
                channels = List.copyOf(wantedChannels.keySet());
                globs = List.copyOf(wantedGlobs.keySet());
            }
            try {
                if (!channels.isEmpty()) {
                    broker.subscribe(channels).get(ANSWER_SECONDS, TimeUnit.SECONDS);
                }
                if (!globs.isEmpty()) {
                    broker.subscribeGlobs(globs).get(ANSWER_SECONDS, TimeUnit.SECONDS);
                }
                log.info("restored {} Redis subscriptions", channels.size() + globs.size());
            } catch (Exception e) {
                log.warn("could not restore Redis subscriptions yet: {}", e.toString());
            }
        });
    }

    /** Every broker operation asked for so far has been answered (or given up on). */
    boolean settled() {
        return pending.get() == 0;
    }

    /** Channels and globs wanted now. */
    synchronized int size() {
        return wantedChannels.size() + wantedGlobs.size();
    }

    synchronized boolean wants(String channelOrGlob) {
        return wantedChannels.containsKey(channelOrGlob) || wantedGlobs.containsKey(channelOrGlob);
    }

    void close() {
        if (executor instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    private void run(Runnable operation) {
        pending.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    operation.run();
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            pending.decrementAndGet(); // closed
        }
    }

    private static void answer(Supplier<CompletableFuture<?>> operation, String whatFailed) {
        try {
            operation.get().get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the broker is away: resubscribeAll runs when the subscribing link is back
            log.debug("upstream {}: {}", whatFailed, e.toString());
        }
    }
}
