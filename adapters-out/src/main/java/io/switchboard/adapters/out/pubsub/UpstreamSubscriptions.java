package io.switchboard.adapters.out.pubsub;

import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * What this instance asks the broker for: only what its subscribers need. An exact pattern subscribes to its
 * channel {@code <prefix><topic>}; a wildcard pattern to a glob covering it (the literal prefix up to the first
 * wildcard, then {@code *}; {@code a.**} uses {@code a*}, which also covers the bare topic {@code a}); what a glob
 * lets through beyond the pattern the hub's index filters out. Several patterns may need the same channel or glob:
 * each is reference-counted, subscribed with its first pattern and dropped with its last.
 *
 * <p>The hub's index tells this (as its {@link SubscriptionIndex.Listener}) under its lock; the broker is asked on
 * one background thread, in the order the index asked, never on the caller's thread. When the subscribing link
 * comes back, {@link #resubscribeAll()} issues everything wanted again.
 */
final class UpstreamSubscriptions implements SubscriptionIndex.Listener {
    private static final Logger log = LoggerFactory.getLogger(UpstreamSubscriptions.class);
    private static final long ANSWER_SECONDS = 5;

    private final Broker broker;
    private final String channelPrefix;
    private final Executor executor;
    /** Channel or glob -> how many local patterns need it. Guarded by {@code this}. */
    private final Map<String, Integer> wantedChannels = new HashMap<>();
    private final Map<String, Integer> wantedGlobs = new HashMap<>();
    /** Broker operations queued or running. */
    private final AtomicInteger pending = new AtomicInteger();

    /** @param executor runs the broker operations one at a time, in order (one thread) */
    UpstreamSubscriptions(Broker broker, String channelPrefix, Executor executor) {
        this.broker = broker;
        this.channelPrefix = channelPrefix;
        this.executor = executor;
    }

    @Override
    public void firstSubscriber(TopicPattern pattern) {
        String target = upstreamName(pattern);
        boolean exact = pattern.isExact();
        boolean first;
        synchronized (this) {
            first = (exact ? wantedChannels : wantedGlobs).merge(target, 1, Integer::sum) == 1;
        }
        if (first) {
            run(() -> answer(() -> exact ? broker.subscribe(List.of(target)) : broker.subscribeGlobs(List.of(target)),
                    "subscribe to " + target + " deferred"));
        }
    }

    @Override
    public void lastSubscriberGone(TopicPattern pattern) {
        String target = upstreamName(pattern);
        boolean exact = pattern.isExact();
        boolean last;
        synchronized (this) {
            Map<String, Integer> wanted = exact ? wantedChannels : wantedGlobs;
            last = wanted.merge(target, -1, Integer::sum) <= 0;
            if (last) {
                wanted.remove(target);
            }
        }
        if (last) {
            run(() -> answer(() -> exact ? broker.unsubscribe(List.of(target)) : broker.unsubscribeGlobs(List.of(target)),
                    "unsubscribe from " + target + " failed"));
        }
    }

    /** The broker channel of an exact pattern, or a glob covering a wildcard one. */
    String upstreamName(TopicPattern pattern) {
        if (pattern.isExact()) {
            return channelPrefix + pattern.value();
        }
        StringBuilder glob = new StringBuilder(channelPrefix);
        int i = 0;
        for (; i < pattern.size(); i++) {
            String segment = pattern.segment(i);
            if (TopicPattern.isWildcard(segment)) {
                break;
            }
            glob.append(segment).append('.');
        }
        if (i > 0 && TopicPattern.isAny(pattern.segment(i))) {
            // `a.**` also matches the bare topic `a` (`**` is zero or more segments): `a*` covers it; what else it
            // lets through (e.g. `ab`) the local index filters out.
            glob.setLength(glob.length() - 1);
        }
        // Topic characters [A-Za-z0-9_:-] and '.' are not special in Redis globs, so the prefix needs no escaping.
        return glob.append('*').toString();
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
