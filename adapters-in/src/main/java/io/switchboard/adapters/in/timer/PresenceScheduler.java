package io.switchboard.adapters.in.timer;

import io.switchboard.application.port.in.presence.PresenceUpkeepUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs presence upkeep on one daemon thread: this instance's heartbeat every third of PRESENCE_TTL_MS, the sweep of
 * expired entries every PRESENCE_SWEEP_INTERVAL_MS, and the end of stale typing every {@link #TYPING_TICK_MS}.
 * A failing run (Redis away) is logged and tried again at the next tick.
 */
public final class PresenceScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceScheduler.class);
    static final long TYPING_TICK_MS = 200;

    private final PresenceUpkeepUseCase upkeep;
    private final long heartbeatMs;
    private final long sweepMs;
    private ScheduledExecutorService executor;

    public PresenceScheduler(PresenceUpkeepUseCase upkeep, long ttlMs, long sweepIntervalMs) {
        this.upkeep = upkeep;
        this.heartbeatMs = Math.max(100, ttlMs / 3);
        this.sweepMs = sweepIntervalMs;
    }

    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "presence-upkeep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> run("heartbeat", upkeep::heartbeat), heartbeatMs, heartbeatMs,
                TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> run("sweep", upkeep::sweep), sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> run("typing", upkeep::expireTyping), TYPING_TICK_MS, TYPING_TICK_MS,
                TimeUnit.MILLISECONDS);
    }

    private static void run(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("presence {} failed: {}", what, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
