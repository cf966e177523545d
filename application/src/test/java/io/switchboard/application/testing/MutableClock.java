package io.switchboard.application.testing;

import io.switchboard.application.port.out.Clock;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when the test says so. */
public final class MutableClock implements Clock {
    private Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public static MutableClock at(String iso) {
        return new MutableClock(Instant.parse(iso));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }
}
