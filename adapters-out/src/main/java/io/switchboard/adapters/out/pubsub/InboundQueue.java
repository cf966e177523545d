package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.port.out.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Payloads received from the broker, waiting for the local fan-out: the broker's I/O thread only offers them here,
 * and one thread of our own hands them on in arrival order (so order per topic holds). Bounded in count and in
 * bytes (characters of channel and payload): past either, new arrivals are dropped, counted
 * ({@code redis_inbound_overflow}) and logged once per episode (until the queue is empty again).
 */
final class InboundQueue {
    private static final Logger log = LoggerFactory.getLogger(InboundQueue.class);
    static final int CAPACITY = 65_536;

    private record Received(String channel, String payload) {
        long bytes() {
            return (long) channel.length() + payload.length();
        }
    }

    private final BlockingQueue<Received> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Metrics metrics;
    private final long maxBytes;
    private final BiConsumer<String, String> handler;
    private final Thread thread;
    private volatile boolean overflowLogged;
    private volatile boolean closed;

    /**
     * @param maxBytes 0 = no byte bound
     * @param handler  takes (channel, payload) on the fan-out thread; what it throws is logged and skipped
     */
    InboundQueue(Metrics metrics, long maxBytes, BiConsumer<String, String> handler) {
        this.metrics = metrics;
        this.maxBytes = maxBytes;
        this.handler = handler;
        this.thread = new Thread(this::drain, "sb-redis-fanout");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** On the broker's thread: only hand the payload over, or drop it past the bounds. */
    void offer(String channel, String payload) {
        Received received = new Received(channel, payload);
        long size = received.bytes();
        long queued = bytes.addAndGet(size);
        if ((maxBytes > 0 && queued > maxBytes) || !queue.offer(received)) {
            bytes.addAndGet(-size);
            dropped.incrementAndGet();
            metrics.wsDropped("redis_inbound_overflow");
            if (!overflowLogged) {
                overflowLogged = true;
                log.warn("messages from Redis arrive faster than the local fan-out takes them ({} queued, {} bytes): "
                        + "new arrivals are dropped until it catches up", queue.size(), queued - size);
            }
        }
    }

    long bytes() {
        return bytes.get();
    }

    long dropped() {
        return dropped.get();
    }

    void close() {
        closed = true;
        thread.interrupt();
    }

    private void drain() {
        while (!closed) {
            Received next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            bytes.addAndGet(-next.bytes());
            if (overflowLogged && queue.isEmpty()) {
                overflowLogged = false;
                log.info("the local fan-out caught up with Redis ({} messages dropped so far)", dropped.get());
            }
            try {
                handler.accept(next.channel(), next.payload());
            } catch (RuntimeException e) {
                log.warn("dropped a malformed message from Redis channel {}: {}", next.channel(), e.toString());
            }
        }
    }
}
