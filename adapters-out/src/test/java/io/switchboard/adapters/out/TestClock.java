package io.switchboard.adapters.out;

import io.switchboard.application.port.out.Clock;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to. */
public final class TestClock implements Clock {
    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    public void advance(long millis) {
        now.updateAndGet(t -> t.plusMillis(millis));
    }
}
