package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Sessions in one process. Each write runs inside {@link ConcurrentHashMap#compute} for its own key, so writes to one
 * session are atomic and ordered while other sessions proceed in parallel. The deadline and idle indexes are sorted
 * sets updated inside the same compute, so they always match the stored state. The {@code idle} index holds when
 * each session is to be removed: the earlier of its TTL end (when not running) and its maximum lifetime. A session
 * past that instant is hidden at once but taken out only by {@link #purgeIdle}, so that its removal is announced.
 * Sessions per owner are counted in their own map, updated before a create (refused over the cap) and after every
 * removal; the two maps are never locked together.
 */
final class InMemorySessionStore implements SessionStore {
    private static final Comparator<Timed> BY_TIME =
            Comparator.comparing(Timed::at).thenComparing(t -> t.id().value());

    /** A stored state with the index keys derived from it (null: not in that index). */
    private record Entry(SessionState state, Timed deadline, Timed idleUntil) {
    }

    private record Timed(Instant at, SessionId id) {
    }

    private final ConcurrentHashMap<SessionId, Entry> sessions = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Timed> deadlines = new ConcurrentSkipListSet<>(BY_TIME);
    private final ConcurrentSkipListSet<Timed> idle = new ConcurrentSkipListSet<>(BY_TIME);
    private final ConcurrentHashMap<UserId, Integer> perOwner = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxLifetime;
    private final int maxPerOwner;

    /**
     * @param ttl         how long a session that is not running outlives its last change; zero = for ever
     * @param maxLifetime how long any session lives after its creation; zero = for ever
     * @param maxPerOwner how many sessions one owner may hold; zero = no limit
     */
    InMemorySessionStore(Clock clock, Duration ttl, Duration maxLifetime, int maxPerOwner) {
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
        this.maxLifetime = Objects.requireNonNull(maxLifetime);
        this.maxPerOwner = maxPerOwner;
        if (ttl.isNegative() || maxLifetime.isNegative() || maxPerOwner < 0) {
            throw new IllegalArgumentException("ttl, lifetime and cap must not be negative");
        }
    }

    @Override
    public void create(SessionState state) {
        Instant now = clock.now();
        UserId owner = state.ownerId();
        perOwner.compute(owner, (key, count) -> {
            int held = count == null ? 0 : count;
            if (maxPerOwner > 0 && held >= maxPerOwner) {
                throw new Conflict(SESSION_LIMIT_REACHED, "this owner already holds the most sessions allowed",
                        Map.of("limit", maxPerOwner));
            }
            return held + 1;
        });
        Entry[] replaced = {null};
        try {
            sessions.compute(state.sessionId(), (id, current) -> {
                if (current != null && !isGone(current, now)) {
                    throw new Conflict("SESSION_EXISTS", "a session with this id exists");
                }
                unindex(current);
                replaced[0] = current;
                return index(state);
            });
        } catch (RuntimeException refused) {
            released(owner);
            throw refused;
        }
        if (replaced[0] != null) {
            released(replaced[0].state().ownerId()); // a removed one that purgeIdle had not taken out yet
        }
    }

    @Override
    public Optional<SessionState> get(SessionId id) {
        Entry entry = sessions.get(id);
        if (entry == null || isGone(entry, clock.now())) {
            return Optional.empty();
        }
        return Optional.of(entry.state());
    }

    @Override
    public boolean compareAndSet(long expectedVersion, SessionState next) {
        if (next.version() <= expectedVersion) {
            throw new IllegalArgumentException("a write moves the version forward");
        }
        Instant now = clock.now();
        boolean[] written = {false};
        sessions.computeIfPresent(next.sessionId(), (id, current) -> {
            if (isGone(current, now) || current.state().version() != expectedVersion) {
                return current;
            }
            unindex(current);
            written[0] = true;
            return index(next);
        });
        return written[0];
    }

    @Override
    public boolean delete(SessionId id, long expectedVersion) {
        Instant now = clock.now();
        Entry[] deleted = {null};
        sessions.computeIfPresent(id, (key, current) -> {
            if (isGone(current, now) || current.state().version() != expectedVersion) {
                return current;
            }
            unindex(current);
            deleted[0] = current;
            return null;
        });
        if (deleted[0] == null) {
            return false;
        }
        released(deleted[0].state().ownerId());
        return true;
    }

    @Override
    public List<SessionId> dueBy(Instant now, int limit) {
        List<SessionId> due = new ArrayList<>();
        for (Timed t : deadlines) {
            if (due.size() >= limit || t.at().isAfter(now)) {
                break;
            }
            due.add(t.id());
        }
        return due;
    }

    @Override
    public Optional<Instant> nextDeadline() {
        Iterator<Timed> first = deadlines.iterator();
        return first.hasNext() ? Optional.of(first.next().at()) : Optional.empty();
    }

    @Override
    public List<SessionState> purgeIdle(Instant now, int limit) {
        List<SessionState> removed = new ArrayList<>();
        for (Timed t : idle) {
            if (t.at().isAfter(now) || removed.size() >= limit) {
                break;
            }
            Entry entry = sessions.get(t.id());
            if (entry != null && t.equals(entry.idleUntil()) && removeIfSame(t.id(), entry)) {
                released(entry.state().ownerId());
                removed.add(entry.state());
            }
        }
        return removed;
    }

    /** One session fewer for {@code owner}; the entry goes when it reaches zero. */
    private void released(UserId owner) {
        perOwner.computeIfPresent(owner, (key, count) -> count <= 1 ? null : count - 1);
    }

    private boolean isGone(Entry entry, Instant now) {
        return entry.idleUntil() != null && !now.isBefore(entry.idleUntil().at());
    }

    private boolean removeIfSame(SessionId id, Entry entry) {
        boolean[] removed = {false};
        sessions.computeIfPresent(id, (key, current) -> {
            if (current != entry) {
                return current;
            }
            unindex(current);
            removed[0] = true;
            return null;
        });
        return removed[0];
    }

    /** Builds the entry for a state and adds its index keys; call only inside the key's compute. */
    private Entry index(SessionState state) {
        Timed deadline = SessionTransitions.deadline(state).map(at -> new Timed(at, state.sessionId())).orElse(null);
        Instant removeAt = ttl.isZero() || state.isRunning() ? null : state.updatedAt().plus(ttl);
        if (!maxLifetime.isZero()) {
            Instant end = state.createdAt().plus(maxLifetime);
            removeAt = removeAt == null || end.isBefore(removeAt) ? end : removeAt;
        }
        Timed idleUntil = removeAt == null ? null : new Timed(removeAt, state.sessionId());
        if (deadline != null) {
            deadlines.add(deadline);
        }
        if (idleUntil != null) {
            idle.add(idleUntil);
        }
        return new Entry(state, deadline, idleUntil);
    }

    private void unindex(Entry entry) {
        if (entry == null) {
            return;
        }
        if (entry.deadline() != null) {
            deadlines.remove(entry.deadline());
        }
        if (entry.idleUntil() != null) {
            idle.remove(entry.idleUntil());
        }
    }
}
