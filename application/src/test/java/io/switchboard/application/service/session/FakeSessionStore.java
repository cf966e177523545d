package io.switchboard.application.service.session;

import io.switchboard.application.port.out.SessionStore;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simplest store that keeps the port's promises (without TTL), for service tests. {@link #beforeNextWrite}
 * lets a test slip a competing write in between a service's read and its compare-and-set.
 */
final class FakeSessionStore implements SessionStore {
    private final Map<SessionId, SessionState> sessions = new HashMap<>();
    private Runnable beforeNextWrite;

    synchronized void beforeNextWrite(Runnable competingWrite) {
        this.beforeNextWrite = competingWrite;
    }

    /** Writes a state as is (a test's competing writer). */
    synchronized void put(SessionState state) {
        sessions.put(state.sessionId(), state);
    }

    @Override
    public synchronized void create(SessionState state) {
        if (sessions.putIfAbsent(state.sessionId(), state) != null) {
            throw new Conflict("SESSION_EXISTS", "taken");
        }
    }

    @Override
    public synchronized Optional<SessionState> get(SessionId id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public synchronized boolean compareAndSet(long expectedVersion, SessionState next) {
        runCompetingWrite();
        SessionState current = sessions.get(next.sessionId());
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        sessions.put(next.sessionId(), next);
        return true;
    }

    @Override
    public synchronized boolean delete(SessionId id, long expectedVersion) {
        runCompetingWrite();
        SessionState current = sessions.get(id);
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        sessions.remove(id);
        return true;
    }

    @Override
    public synchronized List<SessionId> dueBy(Instant now, int limit) {
        return sessions.values().stream()
                .filter(s -> SessionTransitions.deadline(s).filter(d -> !d.isAfter(now)).isPresent())
                .sorted(Comparator.comparing(s -> SessionTransitions.deadline(s).orElseThrow()))
                .limit(limit).map(SessionState::sessionId).toList();
    }

    @Override
    public synchronized Optional<Instant> nextDeadline() {
        return sessions.values().stream().flatMap(s -> SessionTransitions.deadline(s).stream()).min(Instant::compareTo);
    }

    @Override
    public List<SessionState> purgeIdle(Instant now, int limit) {
        return List.of();
    }

    private void runCompetingWrite() {
        Runnable write = beforeNextWrite;
        beforeNextWrite = null;
        if (write != null) {
            write.run();
        }
    }
}
