package io.switchboard.adapters.in.ws;

import io.switchboard.application.port.out.UserConnections;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.user.UserId;
import io.switchboard.domain.topic.Topics;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections: the per-IP cap, one housekeeping thread that visits every connection (pings, silent
 * peers, auth and token timers), the spread-out close on shutdown, and the close of a deleted user's connections.
 *
 * <p>A per-IP {@link Slot} is reserved before the upgrade and given back exactly once, however the attempt ends: the
 * upgrade is refused or fails (the exchange's completion reports a failure), the socket never opens (the
 * housekeeper gives back a slot still not open {@link #UPGRADE_DEADLINE_NANOS} after it was reserved), or the
 * connection closes.
 */
public final class WsRegistry implements AutoCloseable, io.switchboard.application.port.out.LiveConnections {
    private static final Logger log = LoggerFactory.getLogger(WsRegistry.class);
    /** The eventType whose publication on {@code users.{id}} closes that user's connections. */
    static final String USER_DELETED = "user.deleted";
    /** An upgrade whose socket has not opened this long after its slot was reserved has failed somewhere. */
    static final long UPGRADE_DEADLINE_NANOS = 10_000_000_000L;

    private final Set<WsConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    /** Slots of upgrades whose socket has not opened yet. */
    private final Set<Slot> upgrading = ConcurrentHashMap.newKeySet();
    private final Subscriber userDeletions = this::onUserEvent;
    private final int maxPerIp;
    /** WS_MAX_CONNECTIONS_PER_USER, counted in this process or across instances (the port holds the cap). */
    private final UserConnections perUser;
    private final ScheduledExecutorService housekeeper;
    private volatile boolean draining;

    WsRegistry(WsSettings settings) {
        this(settings, UserConnections.unlimited());
    }

    WsRegistry(WsSettings settings, UserConnections perUser) {
        this.maxPerIp = settings.maxConnectionsPerIp();
        this.perUser = perUser;
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sb-ws-housekeeper");
            t.setDaemon(true);
            return t;
        });
        long tick = settings.tickMs();
        housekeeper.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * A connection slot of one IP, and (once the user is known) of one user, given back at most once. A user slot is
     * taken at the upgrade when the token came with it, else by the first `auth` frame.
     */
    final class Slot {
        private final String ip;
        /**
         * This connection's id in the per-user count, made when a user is claimed. It only has to be unique, not
         * secret (it never leaves the server and Redis), so it comes from ThreadLocalRandom: UUID.randomUUID reads
         * the shared SecureRandom on every connect.
         */
        private String connectionId;
        private final long reservedNanos = System.nanoTime();
        private final AtomicBoolean released = new AtomicBoolean();
        private UserId user;

        private Slot(String ip) {
            this.ip = ip;
        }

        /**
         * Counts this connection against {@code userId}'s WS_MAX_CONNECTIONS_PER_USER. False when the user is at the
         * cap (nothing taken). A connection counts for one user only; claiming the same user again is a no-op.
         */
        synchronized boolean claimUser(UserId userId) {
            if (released.get()) {
                return true; // closing anyway: nothing to count
            }
            if (user != null) {
                return user.equals(userId);
            }
            if (connectionId == null) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                connectionId = new UUID(random.nextLong(), random.nextLong()).toString();
            }
            if (!perUser.tryAdd(userId, connectionId)) {
                return false;
            }
            user = userId;
            return true;
        }

        /** The socket opened: from now on the connection's close gives the slot back. */
        void opened() {
            upgrading.remove(this);
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                upgrading.remove(this);
                unreserve(ip);
                UserId counted;
                String id;
                synchronized (this) {
                    counted = user;
                    id = connectionId;
                }
                if (counted != null) {
                    try {
                        perUser.remove(counted, id);
                    } catch (RuntimeException e) {
                        log.warn("forgetting a user's connection failed", e);
                    }
                }
            }
        }
    }

    /** Reserves a connection slot for an IP; null when the IP is at its cap. */
    Slot reserve(String ip) {
        boolean[] granted = {false};
        perIp.compute(ip, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (maxPerIp <= 0 || c.get() < maxPerIp) {
                c.incrementAndGet();
                granted[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        if (!granted[0]) {
            return null;
        }
        Slot slot = new Slot(ip);
        upgrading.add(slot);
        return slot;
    }

    private void unreserve(String ip) {
        perIp.computeIfPresent(ip, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    void opened(WsConnection connection) {
        open.add(connection);
    }

    /** The connection is gone: forget it (its slot is given back by the connection itself). */
    void closed(WsConnection connection) {
        open.remove(connection);
    }

    /**
     * The internal subscriber to {@code users.*} that closes a deleted user's connections with 1008. It acts only on
     * {@value #USER_DELETED}; subscribed once per instance, it hears deletions made on any instance.
     */
    public Subscriber userDeletions() {
        return userDeletions;
    }

    private void onUserEvent(Delivery delivery) {
        if (!USER_DELETED.equals(delivery.eventType())) {
            return;
        }
        String prefix = Topics.USERS + ".";
        String topic = delivery.topic().value();
        if (!topic.startsWith(prefix)) {
            return;
        }
        String userId = topic.substring(prefix.length());
        for (WsConnection connection : open) {
            if (userId.equals(connection.ownerId())) {
                connection.closeForDeletedUser();
            }
        }
    }

    @Override
    public java.util.List<io.switchboard.application.realtime.LiveConnection> snapshot() {
        return open.stream().map(c -> new io.switchboard.application.realtime.LiveConnection(c.connectionId, c.dialect(), c.ownerId(), c.remoteIp,
                        c.acceptedAt, c.subscriptions()))
                .sorted(java.util.Comparator.comparing(io.switchboard.application.realtime.LiveConnection::openedAt)
                        .thenComparing(io.switchboard.application.realtime.LiveConnection::id))
                .toList();
    }

    public int openConnections() {
        return open.size();
    }

    /** A user's connections counted against WS_MAX_CONNECTIONS_PER_USER (on every instance, with Redis). */
    public int userConnections(UserId user) {
        return perUser.count(user);
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
        for (Slot slot : upgrading) {
            if (now - slot.reservedNanos > UPGRADE_DEADLINE_NANOS) {
                log.debug("giving back the slot of an upgrade from {} that never opened", slot.ip);
                slot.release();
            }
        }
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
