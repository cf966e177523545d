package io.switchboard.adapters.out.system;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.IdGenerator;

import java.time.Instant;
import java.util.UUID;

/** The system clock (millisecond precision, the precision of every timestamp on the wire) and random UUIDs. */
public final class SystemAdapters {
    private SystemAdapters() {
    }

    public static Clock systemClock() {
        return () -> Instant.ofEpochMilli(System.currentTimeMillis());
    }

    public static IdGenerator randomIds() {
        return UUID::randomUUID;
    }
}
