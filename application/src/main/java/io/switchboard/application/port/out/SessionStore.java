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
 * ({@link SessionState#updatedAt()}); a running one stays. Whatever its status, a session is removed
 * {@code maxLifetime} after it was created ({@link SessionState#createdAt()}). A removed session is absent from every
 * method at once, but it is <em>taken out</em> only by {@link #purgeIdle}, which hands back its last state so that
 * the removal can be announced like a delete; no other method removes it silently. A TTL or lifetime of zero means
 * no limit.
 *
 * <p><b>Per owner.</b> With {@code maxPerOwner > 0}, an owner holds at most that many stored sessions: a further
 * {@link #create} is refused, atomically with the count (concurrent creates cannot overshoot it).
 */
public interface SessionStore {
    /** Reason of the {@link io.switchboard.domain.failure.Conflict} of a create over the owner's cap. */
    String SESSION_LIMIT_REACHED = "SESSION_LIMIT_REACHED";

    /**
     * Stores a new session.
     *
     * @throws io.switchboard.domain.failure.Conflict SESSION_EXISTS when a session with that id is stored;
     *         {@link #SESSION_LIMIT_REACHED} (details {@code limit}) when its owner already holds the maximum
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
     * Takes out the sessions whose time to live or lifetime ended by {@code now}, at most {@code limit}, each
     * exactly once across every instance sharing the store.
     *
     * @return the last state of each session removed by this call (fewer than {@code limit}: nothing more is due)
     */
    List<SessionState> purgeIdle(Instant now, int limit);
}
