package io.switchboard.adapters.in.timer;

import io.switchboard.application.port.in.ops.InstanceHeartbeatUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes this instance's entry in the registry of live instances at once and then every INSTANCE_HEARTBEAT_MS, on
 * one daemon thread; closing removes the entry (a killed instance's entry expires by itself). A failing heartbeat
 * (Redis away) is logged and tried again at the next tick.
 */
public final class InstanceHeartbeatScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceHeartbeatScheduler.class);

    private final InstanceHeartbeatUseCase heartbeat;
    private final long intervalMs;
    private ScheduledExecutorService executor;

    public InstanceHeartbeatScheduler(InstanceHeartbeatUseCase heartbeat, long intervalMs) {
        this.heartbeat = heartbeat;
        this.intervalMs = intervalMs;
    }

    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "instance-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::beat, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            heartbeat.heartbeat();
        } catch (RuntimeException e) {
            LOG.warn("instance heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        executor = null;
        try {
            heartbeat.leave();
        } catch (RuntimeException e) {
            LOG.warn("could not remove this instance from the registry (it expires by itself): {}", e.toString());
        }
    }
}
