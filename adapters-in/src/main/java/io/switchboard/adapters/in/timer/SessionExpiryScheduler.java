package io.switchboard.adapters.in.timer;

import io.switchboard.application.port.in.session.ExpireSessionsUseCase;
import io.switchboard.application.port.out.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@link ExpireSessionsUseCase} on one daemon thread (a driving adapter: the clock reaches the server here) so that a clock is expired within 100 ms of its deadline:
 * after each pass it sleeps until the earliest known deadline, but never longer than {@code pollInterval}
 * (default 50 ms), which bounds the delay for deadlines set meanwhile, on this instance or another. The TTL sweep
 * runs every {@code purgeInterval}. A failing pass is logged (once until passes work again, through slf4j like the
 * rest of the server, so LOG_LEVEL and the log format apply) and retried after {@code pollInterval}.
 *
 * <p>{@link #start()} and {@link #close()} may alternate; bootstrap starts it with the server and closes it first on
 * shutdown.
 */
public final class SessionExpiryScheduler implements AutoCloseable {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SessionExpiryScheduler.class);

    private final ExpireSessionsUseCase expiry;
    private final Clock clock;
    private final long pollMillis;
    private final long purgeMillis;
    private ScheduledExecutorService executor;
    private volatile Instant nextPurge = Instant.MIN;
    /** Set while passes fail (e.g. the store is down), so the failure is logged once, not every 50 ms. */
    private boolean failing;

    public SessionExpiryScheduler(ExpireSessionsUseCase expiry, Clock clock) {
        this(expiry, clock, DEFAULT_POLL_INTERVAL, DEFAULT_PURGE_INTERVAL);
    }

    public SessionExpiryScheduler(ExpireSessionsUseCase expiry, Clock clock, Duration pollInterval,
                                  Duration purgeInterval) {
        this.expiry = Objects.requireNonNull(expiry);
        this.clock = Objects.requireNonNull(clock);
        this.pollMillis = pollInterval.toMillis();
        this.purgeMillis = purgeInterval.toMillis();
        if (pollMillis < 1 || purgeMillis < 1) {
            throw new IllegalArgumentException("intervals are at least 1 ms");
        }
    }

    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "session-expiry");
            thread.setDaemon(true);
            return thread;
        });
        executor = started;
        started.execute(() -> tick(started));
    }

    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Stops the scheduler and waits (briefly) for a running pass to end. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = executor;
            executor = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdownNow();
        try {
            stopping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick(ScheduledExecutorService on) {
        long delay = pollMillis;
        try {
            expiry.expireDue();
            Instant now = clock.now();
            if (!now.isBefore(nextPurge)) {
                nextPurge = now.plusMillis(purgeMillis);
                expiry.purgeIdle();
            }
            Optional<Instant> next = expiry.nextDeadline();
            if (next.isPresent()) {
                long untilDeadline = next.get().toEpochMilli() - clock.now().toEpochMilli();
                delay = Math.max(1, Math.min(pollMillis, untilDeadline));
            }
            if (failing) {
                failing = false;
                LOG.info("session expiry passes work again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("session expiry pass failed; retrying until it works: {}", e.toString());
                LOG.debug("session expiry pass failure", e);
            }
        }
        try {
            on.schedule(() -> tick(on), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // closed meanwhile
        }
    }
}
