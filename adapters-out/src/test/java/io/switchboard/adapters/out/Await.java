package io.switchboard.adapters.out;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition with a deadline (never a fixed sleep): the adapters' tests' one way to wait. */
public final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails the test once {@code within} passed without it. */
    public static void until(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + within + ": " + what);
            }
            LockSupport.parkNanos(POLL_NANOS); // the poll interval; the deadline above bounds the wait
        }
    }
}
