package io.switchboard.adapters.in.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Requests per client IP in fixed windows of {@code windowMs}. The table of IPs is a bounded Caffeine cache: past
 * {@code maxTrackedClients} it evicts the clients least likely to come back (Caffeine's W-TinyLFU: recency and
 * frequency, so a flood of one-off addresses does not push out a client that keeps sending), and every client,
 * new or old, is still counted; nobody passes untracked. An entry also goes once its window has been idle for a
 * whole window. Each request costs O(1). A limit of 0 turns the limiter off.
 */
final class HttpRateLimiter {
    static final int DEFAULT_MAX_TRACKED_CLIENTS = 100_000;

    record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private static final class Window {
        final long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }

    private final int limit;
    private final long windowMs;
    private final LongSupplier nowMs;
    private final Cache<String, Window> windows;

    /**
     * @param evicted told how many clients were forgotten because the table was full (a metric), never for
     *                windows that simply ran out
     */
    HttpRateLimiter(int limit, long windowMs, int maxTrackedClients, LongSupplier nowMs, LongConsumer evicted) {
        this.limit = limit;
        this.windowMs = windowMs;
        this.nowMs = nowMs;
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxTrackedClients)
                .expireAfterAccess(Duration.ofMillis(Math.max(1, windowMs)))
                // Upkeep (eviction) on the calling thread: no background pool, and the bound holds at once.
                .executor(Runnable::run)
                .removalListener((String ip, Window w, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evicted.accept(1);
                    }
                })
                .build();
    }

    boolean enabled() {
        return limit > 0 && windowMs > 0;
    }

    Decision acquire(String clientIp) {
        long now = nowMs.getAsLong();
        int[] count = new int[1];
        Window window = windows.asMap().compute(clientIp, (ip, w) -> {
            Window current = (w == null || now - w.start >= windowMs) ? new Window(now) : w;
            count[0] = ++current.count;
            return current;
        });
        long resetAt = window.start + windowMs;
        return new Decision(count[0] <= limit, limit, Math.max(0, limit - count[0]), secondsUntil(resetAt, now));
    }

    /** Clients tracked now (after pending upkeep), at most the capacity. */
    long trackedClients() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    private static long secondsUntil(long atMs, long nowMs) {
        return Math.max(1, (atMs - nowMs + 999) / 1000);
    }
}
