package io.switchboard.adapters.in.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per client IP in fixed windows of {@code windowMs}. The table of IPs is bounded: past
 * {@code maxTrackedClients} it first forgets windows that are over; if every tracked client is still inside
 * its window, a new client is let through untracked (fail open) rather than growing memory without bound.
 * A limit of 0 turns the limiter off.
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
    private final int maxTrackedClients;
    private final LongSupplier nowMs;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    HttpRateLimiter(int limit, long windowMs, int maxTrackedClients, LongSupplier nowMs) {
        this.limit = limit;
        this.windowMs = windowMs;
        this.maxTrackedClients = maxTrackedClients;
        this.nowMs = nowMs;
    }

    boolean enabled() {
        return limit > 0 && windowMs > 0;
    }

    Decision acquire(String clientIp) {
        long now = nowMs.getAsLong();
        if (windows.size() >= maxTrackedClients && !windows.containsKey(clientIp)) {
            windows.values().removeIf(w -> now - w.start >= windowMs);
            if (windows.size() >= maxTrackedClients) {
                return new Decision(true, limit, limit - 1, secondsUntil(now + windowMs, now));
            }
        }
        int[] count = new int[1];
        Window window = windows.compute(clientIp, (ip, w) -> {
            Window current = (w == null || now - w.start >= windowMs) ? new Window(now) : w;
            count[0] = ++current.count;
            return current;
        });
        long resetAt = window.start + windowMs;
        return new Decision(count[0] <= limit, limit, Math.max(0, limit - count[0]), secondsUntil(resetAt, now));
    }

    int trackedClients() {
        return windows.size();
    }

    private static long secondsUntil(long atMs, long nowMs) {
        return Math.max(1, (atMs - nowMs + 999) / 1000);
    }
}
