package io.switchboard.application.port.out;

import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sessions, shared by every instance. Each write is atomic per session and conditional on the stored version, so
 * concurrent changes on any instances never lose an update; writes to different sessions do not wait for each other.
 *
 * <p><b>Deadlines.</b> The store keeps an index of when each running clock runs out, derived on every write from
 * {@link SessionTransitions#deadline(SessionState)} in the same atomic step as the write (so it can never disagree
 * with the state). Every instance may poll {@link #dueBy}; whoever expires a session does it through
 * {@link #compareAndSet}, so a second attempt on another instance finds a newer version and becomes a no-op.
 *
 * <p><b>Time to live.</b> A session that is not running is removed {@code ttl} after its last change
 * ({@link SessionState#updatedAt()}); a running one stays. A removed session is absent from every method at once
 * (even before {@link #purgeIdle} has run). A TTL of zero means no limit.
 */
public interface SessionStore {
    /**
     * Stores a new session.
     *
     * @throws io.switchboard.domain.failure.Conflict SESSION_EXISTS when a session with that id is stored
     */
    void create(SessionState state);

    Optional<SessionState> get(SessionId id);

    /**
     * Replaces the stored session with {@code next} if, and only if, the stored version is {@code expectedVersion}.
     * {@code next.version()} must be greater than {@code expectedVersion}.
     *
     * @return false, changing nothing, when the session is gone or its version is another
     */
    boolean compareAndSet(long expectedVersion, SessionState next);

    /** @return false, changing nothing, when the session is gone or its version is not {@code expectedVersion} */
    boolean delete(SessionId id, long expectedVersion);

    /** Ids of sessions whose deadline is at or before {@code now}, earliest first, at most {@code limit}. */
    List<SessionId> dueBy(Instant now, int limit);

    /** The earliest deadline of any stored session, if any runs towards one. */
    Optional<Instant> nextDeadline();

    /**
     * Removes the sessions whose time to live ended by {@code now}. Stores with native expiry may do nothing.
     *
     * @return how many were removed
     */
    int purgeIdle(Instant now);
}
