package io.switchboard.application.service.session;

import io.switchboard.application.port.out.Clock;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to. */
final class ManualClock implements Clock {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    void advance(long millis) {
        now.updateAndGet(t -> t.plusMillis(millis));
    }
}
