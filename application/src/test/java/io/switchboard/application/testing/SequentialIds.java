package io.switchboard.application.testing;

import io.switchboard.application.port.out.IdGenerator;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** 00000000-0000-0000-0000-000000000001, ...2, ... so that tests can predict ids. */
public final class SequentialIds implements IdGenerator {
    private final AtomicLong next = new AtomicLong();

    @Override
    public UUID newId() {
        return new UUID(0, next.incrementAndGet());
    }

    public static UUID id(long n) {
        return new UUID(0, n);
    }
}
