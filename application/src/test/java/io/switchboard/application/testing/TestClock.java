package io.switchboard.application.testing;

import io.switchboard.application.port.out.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one test clock: it moves only when the test says so. Shared by the application, adapters-in and
 * adapters-out tests through application's test-jar (safe to read from any thread).
 */
public final class TestClock implements Clock {
    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static TestClock at(String iso) {
        return new TestClock(Instant.parse(iso));
    }

    @Override
    public Instant now() {
        return now.get();
    }

    /** Moves the clock forward and returns the new time. */
    public Instant advance(Duration by) {
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Moves the clock forward by {@code millis} and returns the new time. */
    public Instant advance(long millis) {
        return advance(Duration.ofMillis(millis));
    }
}
