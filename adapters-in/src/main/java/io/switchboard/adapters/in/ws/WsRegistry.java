package io.switchboard.adapters.in.ws;

import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections: the per-IP cap, one housekeeping thread that visits every connection (pings, silent
 * peers, auth and token timers), and the spread-out close on shutdown.
 */
public final class WsRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsRegistry.class);

    private final Set<WsConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final int maxPerIp;
    private final ScheduledExecutorService housekeeper;
    private volatile boolean draining;

    WsRegistry(WsSettings settings) {
        this.maxPerIp = settings.maxConnectionsPerIp();
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sb-ws-housekeeper");
            t.setDaemon(true);
            return t;
        });
        long tick = settings.tickMs();
        housekeeper.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Reserves a connection slot for an IP; false when the IP is at its cap. */
    boolean reserve(String ip) {
        if (maxPerIp <= 0) {
            perIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
            return true;
        }
        boolean[] granted = {false};
        perIp.compute(ip, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < maxPerIp) {
                c.incrementAndGet();
                granted[0] = true;
            }
            return c;
        });
        return granted[0];
    }

    /** Gives back a slot reserved by {@link #reserve} (the connection closed, or its upgrade never finished). */
    void unreserve(String ip) {
        perIp.computeIfPresent(ip, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    void opened(WsConnection connection) {
        open.add(connection);
    }

    /** The connection is gone: forget it and give back its IP's slot (called once per connection). */
    void closed(WsConnection connection, String ip) {
        open.remove(connection);
        unreserve(ip);
    }

    public int openConnections() {
        return open.size();
    }

    /** Connections counted against per-IP caps (open plus upgrading). */
    public int reservedSlots() {
        return perIp.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Refuses new upgrades and closes every open connection with 1001, spread evenly over {@code windowMs} so
     * that clients do not all reconnect at the same instant. Returns when every close has been started.
     */
    public void drain(long windowMs) throws InterruptedException {
        draining = true;
        List<WsConnection> all = new ArrayList<>(open);
        if (all.isEmpty()) {
            return;
        }
        log.info("closing {} WebSocket connections over {} ms", all.size(), windowMs);
        long start = System.nanoTime();
        for (int i = 0; i < all.size(); i++) {
            long due = start + WsConnection.millisToNanos(windowMs) * i / all.size();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            all.get(i).close(StatusCode.SHUTDOWN, "server shutting down");
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (WsConnection connection : open) {
            try {
                connection.tick(now);
            } catch (RuntimeException e) {
                log.warn("housekeeping of a connection failed", e);
            }
        }
    }

    @Override
    public void close() {
        housekeeper.shutdownNow();
    }
}
