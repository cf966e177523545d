package io.switchboard.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: attempt n waits a uniformly random time in [0, min(cap, base * 2^n)).
 * Full jitter spreads the clients a draining server closes (1001) over the whole window instead of bringing them
 * back in waves. The default is 1 s to 30 s.
 */
public final class Backoff {
    private final long baseMs;
    private final long capMs;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
        this.random = random;
    }

    public Backoff(Duration base, Duration cap) {
        this(base, cap, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** 1 s to 30 s. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The upper bound of attempt {@code attempt} (0-based): min(cap, base * 2^attempt). */
    public long ceilingMs(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ceiling = baseMs << shift;
        return ceiling <= 0 || ceiling > capMs ? capMs : ceiling;
    }

    /** A random delay in [0, ceilingMs(attempt)). */
    public Duration delay(int attempt) {
        double r = Math.min(Math.max(random.getAsDouble(), 0.0), 0.999_999);
        return Duration.ofMillis((long) (r * ceilingMs(attempt)));
    }
}
