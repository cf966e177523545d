package io.switchboard.adapters.in.ws;

/**
 * A token bucket per connection: {@code limit} frames per {@code windowMs}, refilled continuously, so a
 * client may burst up to the limit and then sustain limit/window. Frames over the budget are refused; a
 * client that keeps sending while refused ({@code limit} refusals in a row, i.e. twice its budget) is abusing
 * the connection and gets closed. Not thread-safe: one connection's frames arrive one at a time.
 */
final class FrameRateLimiter {
    enum Verdict { ALLOW, REFUSE, ABUSE }

    private final int limit;
    private final double tokensPerNano;
    private double tokens;
    private long lastNanos;
    private int refusedInARow;

    FrameRateLimiter(int limit, long windowMs, long nowNanos) {
        this.limit = limit;
        this.tokensPerNano = limit <= 0 ? 0 : (double) limit / (windowMs * 1_000_000.0);
        this.tokens = limit;
        this.lastNanos = nowNanos;
    }

    Verdict acquire(long nowNanos) {
        if (limit <= 0) {
            return Verdict.ALLOW;
        }
        tokens = Math.min(limit, tokens + (nowNanos - lastNanos) * tokensPerNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return Verdict.ALLOW;
        }
        refusedInARow++;
        return refusedInARow >= Math.max(limit, 1) ? Verdict.ABUSE : Verdict.REFUSE;
    }

    /** Whole seconds until one frame is allowed again. */
    long retryAfterSeconds() {
        if (tokensPerNano == 0) {
            return 1;
        }
        double nanos = (1 - tokens) / tokensPerNano;
        return Math.max(1, (long) Math.ceil(nanos / 1e9));
    }
}
