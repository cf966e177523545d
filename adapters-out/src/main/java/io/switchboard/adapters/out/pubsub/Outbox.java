package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.port.out.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.switchboard.application.realtime.StreamPosition;

/**
 * The outbound path to the broker, in send order (docs/decisions.md, "Hardening: Redis pub/sub backlog"):
 * <ul>
 *   <li>Link up and nothing waiting: a payload is published directly.</li>
 *   <li>Link down, or a publish failed while the link stays up (timed out, request queue full): the payload waits
 *       here, and every later one queues behind it.</li>
 *   <li>After a reconnect the outbox is sent {@link #FLUSH_GRACE_MS} later (broker pub/sub keeps nothing for absent
 *       subscribers: the other instances must have restored their subscriptions first); while the link stays up it
 *       is tried again every {@link #RETRY_MS}: the oldest entry alone probes the path, then pipelined batches, in
 *       order. A timed-out publish may still have happened, so a receiver may get it twice (it drops repeats).</li>
 *   <li>Bounded in count and in bytes (the characters of channel and payload): past either the oldest is dropped,
 *       counted ({@code outbox_overflow}) and logged once per episode.</li>
 * </ul>
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /**
     * How long after a reconnect the outbox waits before it is sent: the other instances reconnect on the same
     * back-off (at most 1 s apart) and must have restored their subscriptions.
     */
    static final long FLUSH_GRACE_MS = 2_000;
    /** How often a failing outbox is tried again while the publishing link stays up. */
    static final long RETRY_MS = 250;
    /** Publications sent at once (pipelined) while the outbox drains, once the first one went through. */
    private static final int BATCH = 256;

    /**
     * A payload on its way to the broker: its place in the send order and when it was made; for a history topic
     * ({@code kept} not null) the store-and-send request and who is told its place once it was stored.
     */
    private static final class Pending {
        final long sequence;
        final String channel;
        final String payload;
        final long madeAt;
        final Broker.Kept kept;
        final BiConsumer<StreamPosition, Boolean> onStored;
        /** Kept in the outbox when it was sent (the publisher delivered it locally at once). */
        volatile boolean heldAtSend;
        /** Sent at least once without a success: it may have been stored (a retry must say so). */
        volatile boolean attempted;

        Pending(long sequence, String channel, String payload, long madeAt, Broker.Kept kept,
                BiConsumer<StreamPosition, Boolean> onStored) {
            this.sequence = sequence;
            this.channel = channel;
            this.payload = payload;
            this.madeAt = madeAt;
            this.kept = kept;
            this.onStored = onStored;
        }

        long sequence() {
            return sequence;
        }

        long madeAt() {
            return madeAt;
        }

        long bytes() {
            return kept == null ? (long) channel.length() + payload.length()
                    : (long) channel.length() + kept.head().length() + kept.tail().length();
        }

        CompletableFuture<?> sendTo(Broker broker) {
            if (kept == null) {
                return broker.publish(channel, payload);
            }
            boolean retry = attempted;
            attempted = true;
            return broker.publishKept(kept, retry).thenAccept(position -> onStored.accept(position, heldAtSend));
        }
    }

    private final Broker broker;
    private final Metrics metrics;
    private final int limit;
    private final long maxBytes;
    /** Sends the outbox, off the broker's threads. */
    private final ScheduledExecutorService sender;

    /** Payloads waiting, in send order. Guarded by itself, as are the next four fields. */
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private long bytes;
    /** The send order; a failed payload goes back at its place. */
    private long sendSequence;
    /** Whether the current backlog and the current overflow were logged (once per episode: until it empties). */
    private boolean backlogLogged;
    private boolean overflowLogged;
    /**
     * Direct publishes not answered yet: the outbox is not sent before they are, to keep the order. Raised under
     * the lock (only while the outbox is empty); a failed one is kept before it is lowered.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** No send before this {@link System#nanoTime()} (the grace after a reconnect). */
    private volatile long flushNotBefore = System.nanoTime();
    private volatile boolean linkUp = true;
    private volatile boolean closed;

    /**
     * @param limit    payloads kept at most (0 keeps none)
     * @param maxBytes bytes kept at most; 0 = no byte bound
     */
    Outbox(Broker broker, Metrics metrics, int limit, long maxBytes, ScheduledExecutorService sender) {
        this.broker = broker;
        this.metrics = metrics;
        this.limit = limit;
        this.maxBytes = maxBytes;
        this.sender = sender;
    }

    /** Publishes now, or keeps it behind what waits already (a reconnect or the running retry sends it). */
    void send(String channel, String payload) {
        send(new Pending(0, channel, payload, System.nanoTime(), null, null));
    }

    /**
     * A history topic's publication: stored and sent in one step by the broker ({@link Broker#publishKept}), now or,
     * when the outbox holds publications, later in order; {@code onStored} is told its place once it was stored
     * (on a broker or outbox thread), with whether it was held in the outbox when it was sent.
     *
     * @param onHeld run when it is kept in the outbox rather than sent now, before anything can send it (so the
     *               caller can note that it delivers it locally before it is stored)
     * @return true when it went to the broker now, false when it waits in the outbox (or was dropped by its bound)
     */
    boolean sendKept(Broker.Kept kept, BiConsumer<StreamPosition, Boolean> onStored, Runnable onHeld) {
        return send(new Pending(0, kept.channel(), null, System.nanoTime(), kept, onStored), onHeld);
    }

    private boolean send(Pending unsequenced) {
        return send(unsequenced, null);
    }

    private boolean send(Pending unsequenced, Runnable onHeld) {
        Pending pending;
        synchronized (waiting) {
            pending = new Pending(++sendSequence, unsequenced.channel, unsequenced.payload, unsequenced.madeAt,
                    unsequenced.kept, unsequenced.onStored);
            if (!waiting.isEmpty() || !linkUp) {
                pending.heldAtSend = true;
                if (onHeld != null) {
                    onHeld.run();
                }
                keep(pending);
                return false;
            }
            inFlight.incrementAndGet();
        }
        CompletableFuture<?> sent;
        try {
            sent = pending.sendTo(broker);
        } catch (RuntimeException e) {
            failed(pending, e);
            return true;
        }
        sent.whenComplete((ignored, failure) -> {
            if (failure == null) {
                inFlight.decrementAndGet();
            } else {
                failed(pending, failure);
            }
        });
        return true;
    }

    /** The publishing link went up (send after the grace) or down (keep everything until it is back). */
    void linkChanged(boolean up) {
        linkUp = up;
        if (up) {
            flushNotBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_GRACE_MS);
            scheduleFlush(FLUSH_GRACE_MS);
        }
    }

    boolean linkUp() {
        return linkUp;
    }

    int size() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    long bytes() {
        synchronized (waiting) {
            return bytes;
        }
    }

    long oldestMillis() {
        Pending oldest;
        synchronized (waiting) {
            oldest = waiting.peekFirst();
        }
        return oldest == null ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest.madeAt()));
    }

    long dropped() {
        return dropped.get();
    }

    void close() {
        closed = true;
    }

    /** A direct publish failed while the link may well be up: keep it and try again soon. */
    private void failed(Pending pending, Throwable failure) {
        synchronized (waiting) {
            if (!backlogLogged && linkUp) {
                backlogLogged = true;
                log.warn("a PUBLISH to Redis failed ({}); publications wait in the outbox and are sent again in order "
                        + "once Redis takes them", failure.toString());
            }
            keep(pending);
        }
        inFlight.decrementAndGet();
        scheduleFlush(RETRY_MS);
    }

    /**
     * Adds at its place in the send order. Past the count or the byte bound the oldest entries go (counted), the
     * new one too when it is the oldest or alone larger than the byte bound. Caller holds the lock.
     */
    private void keep(Pending pending) {
        long size = pending.bytes();
        while (waiting.size() + 1 > limit || (maxBytes > 0 && bytes + size > maxBytes)) {
            Pending oldest = waiting.peekFirst();
            if (oldest == null || pending.sequence() < oldest.sequence()) {
                drop(pending);
                return;
            }
            waiting.pollFirst();
            bytes -= oldest.bytes();
            drop(oldest);
        }
        if (waiting.isEmpty() || waiting.peekLast().sequence() < pending.sequence()) {
            waiting.addLast(pending);
        } else { // a publish sent before some that already wait failed late: it goes before them
            Deque<Pending> later = new ArrayDeque<>();
            while (!waiting.isEmpty() && waiting.peekLast().sequence() > pending.sequence()) {
                later.addFirst(waiting.pollLast());
            }
            waiting.addLast(pending);
            waiting.addAll(later);
        }
        bytes += size;
    }

    /** Counts (and logs once per episode) a payload that will not reach the other instances. Caller holds the lock. */
    private void drop(Pending pending) {
        dropped.incrementAndGet();
        metrics.wsDropped("outbox_overflow");
        if (!overflowLogged) {
            overflowLogged = true;
            log.warn("the Redis outbox is full ({} publications, {} bytes; bounds {} and {} bytes): the oldest are "
                    + "dropped and never reach the other instances", waiting.size(), bytes, limit,
                    maxBytes > 0 ? maxBytes : "no");
        }
    }

    private void scheduleFlush(long delayMs) {
        if (closed || !flushScheduled.compareAndSet(false, true)) {
            return; // an attempt is already due; it reschedules itself as needed
        }
        try {
            sender.schedule(this::flush, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            flushScheduled.set(false);
        }
    }

    /**
     * Sends what waited, in order: the oldest alone first (it probes whether the broker takes publications again),
     * then pipelined batches. Stops at the first failure and tries again after {@link #RETRY_MS}; a reconnect
     * schedules its own attempt after the grace.
     */
    private void flush() {
        flushScheduled.set(false);
        long grace = flushNotBefore - System.nanoTime();
        if (grace > 0) {
            scheduleFlush(TimeUnit.NANOSECONDS.toMillis(grace) + 1);
            return;
        }
        Duration timeout = broker.publishTimeout().plusSeconds(1);
        int batchSize = 1;
        while (linkUp && !closed) {
            List<Pending> batch = new ArrayList<>(batchSize);
            synchronized (waiting) {
                if (waiting.isEmpty()) {
                    if (backlogLogged || overflowLogged) {
                        log.info("the Redis outbox is sent; cross-instance publishing goes on ({} dropped so far)",
                                dropped.get());
                    }
                    backlogLogged = false;
                    overflowLogged = false;
                    return;
                }
                if (inFlight.get() > 0) { // a direct publish may still fail and belong before what waits
                    scheduleFlush(10);
                    return;
                }
                for (Pending pending : waiting) {
                    if (batch.size() == batchSize) {
                        break;
                    }
                    batch.add(pending);
                }
            }
            int sent = sendBatch(batch, timeout);
            synchronized (waiting) {
                for (int i = 0; i < sent; i++) {
                    Pending done = batch.get(i);
                    if (waiting.peekFirst() == done) { // else the bound dropped it meanwhile
                        waiting.pollFirst();
                        bytes -= done.bytes();
                    }
                }
            }
            if (sent < batch.size()) {
                scheduleFlush(RETRY_MS);
                return;
            }
            batchSize = BATCH;
        }
    }

    /** Publishes a batch pipelined; how many, from the first, the broker took before the first failure. */
    private int sendBatch(List<Pending> batch, Duration timeout) {
        List<CompletableFuture<?>> futures = new ArrayList<>(batch.size());
        try {
            for (Pending pending : batch) {
                futures.add(pending.sendTo(broker));
            }
        } catch (RuntimeException e) {
            log.debug("could not send the Redis outbox yet: {}", e.toString());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            } catch (ExecutionException | TimeoutException e) {
                log.debug("could not send the Redis outbox yet ({} waiting): {}", size(), e.toString());
                return i;
            }
        }
        return futures.size();
    }
}
