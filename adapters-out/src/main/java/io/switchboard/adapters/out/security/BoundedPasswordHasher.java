package io.switchboard.adapters.out.security;

import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PasswordHasher;
import io.switchboard.domain.failure.RateLimited;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the CPU that password hashing (login, registration, password change) may take: at most {@code permits}
 * hashes run at once, at most {@code queue} more wait for a turn, each for at most {@code maxWaitMs}. Anything
 * beyond is refused at once with code 7 {@code PASSWORD_HASHING_BUSY} (retry after 1 s) and counted, so that a
 * burst of logins cannot pile up the server's threads behind PBKDF2 while other requests starve.
 */
final class BoundedPasswordHasher implements PasswordHasher {
    static final String REFUSED_REASON = "password_hashing_busy";

    private final PasswordHasher delegate;
    private final Semaphore running;
    private final Semaphore admitted;
    private final long maxWaitMs;
    private final Metrics metrics;

    BoundedPasswordHasher(PasswordHasher delegate, int permits, int queue, long maxWaitMs, Metrics metrics) {
        if (permits < 1 || queue < 0 || maxWaitMs < 0) {
            throw new IllegalArgumentException("permits must be positive, queue and wait not negative");
        }
        this.delegate = delegate;
        this.running = new Semaphore(permits, true);
        this.admitted = new Semaphore(permits + queue);
        this.maxWaitMs = maxWaitMs;
        this.metrics = metrics;
    }

    @Override
    public String hash(String password) {
        return bounded(() -> delegate.hash(password));
    }

    @Override
    public boolean matches(String password, String storedHash) {
        return bounded(() -> delegate.matches(password, storedHash));
    }

    private <T> T bounded(Supplier<T> work) {
        if (!admitted.tryAcquire()) {
            throw busy();
        }
        try {
            if (!running.tryAcquire(maxWaitMs, TimeUnit.MILLISECONDS)) {
                throw busy();
            }
            try {
                return work.get();
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            admitted.release();
        }
    }

    private RateLimited busy() {
        metrics.httpRefused(REFUSED_REASON);
        return new RateLimited("PASSWORD_HASHING_BUSY", "too many password checks at once; retry after 1 s", 1);
    }
}
