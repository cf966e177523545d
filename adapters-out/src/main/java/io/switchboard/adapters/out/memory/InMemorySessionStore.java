package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Sessions in one process. Each write runs inside {@link ConcurrentHashMap#compute} for its own key, so writes to one
 * session are atomic and ordered while other sessions proceed in parallel. The deadline and idle indexes are sorted
 * sets updated inside the same compute, so they always match the stored state.
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
    private final Clock clock;
    private final Duration ttl;

    /** @param ttl how long a session that is not running outlives its last change; zero = for ever */
    InMemorySessionStore(Clock clock, Duration ttl) {
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
    }

    @Override
    public void create(SessionState state) {
        Instant now = clock.now();
        sessions.compute(state.sessionId(), (id, current) -> {
            if (current != null && !isGone(current, now)) {
                throw new Conflict("SESSION_EXISTS", "a session with this id exists");
            }
            unindex(current);
            return index(state);
        });
    }

    @Override
    public Optional<SessionState> get(SessionId id) {
        Entry entry = sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (isGone(entry, clock.now())) {
            removeIfSame(id, entry);
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
            if (isGone(current, now)) {
                unindex(current);
                return null;
            }
            if (current.state().version() != expectedVersion) {
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
        boolean[] deleted = {false};
        sessions.computeIfPresent(id, (key, current) -> {
            if (isGone(current, now)) {
                unindex(current);
                return null;
            }
            if (current.state().version() != expectedVersion) {
                return current;
            }
            unindex(current);
            deleted[0] = true;
            return null;
        });
        return deleted[0];
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
    public int purgeIdle(Instant now) {
        int removed = 0;
        for (Timed t : idle) {
            if (t.at().isAfter(now)) {
                break;
            }
            Entry entry = sessions.get(t.id());
            if (entry != null && t.equals(entry.idleUntil()) && removeIfSame(t.id(), entry)) {
                removed++;
            }
        }
        return removed;
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
        Timed idleUntil = ttl.isZero() || state.isRunning()
                ? null : new Timed(state.updatedAt().plus(ttl), state.sessionId());
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
