package io.switchboard.application.service.session;

import io.switchboard.application.port.in.session.ExpireSessionsUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.session.SessionChange;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Server-side expiry and the TTL sweep, driven by a timer (adapters-in's SessionExpiryScheduler) or a test. Every instance may
 * run it: an expiry is a compare-and-set, so of two instances expiring the same session one wins and the other
 * finds nothing due any more.
 */
public final class SessionExpiryService implements ExpireSessionsUseCase {
    /** Due sessions handled per call; more are picked up by the next call, which the scheduler makes at once. */
    static final int BATCH = 500;

    private final SessionStore store;
    private final Clock clock;
    private final SessionWriter writer;
    private final EventPublisher events;

    /** @param metrics counts every expiry stored ({@link Metrics#sessionExpired}) */
    public SessionExpiryService(SessionStore store, EventPublisher events, Clock clock, Metrics metrics) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.events = Objects.requireNonNull(events);
        this.writer = new SessionWriter(store, events, Objects.requireNonNull(metrics));
    }

    @Override
    public int expireDue() {
        int changed = 0;
        for (SessionId id : store.dueBy(clock.now(), BATCH)) {
            if (expire(id)) {
                changed++;
            }
        }
        return changed;
    }

    /** Applies the session's due expiry, if any is still due; false when there was nothing (left) to do. */
    public boolean expire(SessionId id) {
        while (true) {
            Optional<SessionState> current = store.get(id);
            if (current.isEmpty()) {
                return false;
            }
            SessionChange change = SessionTransitions.expireIfDue(current.get(), clock.now());
            if (change.isEmpty()) {
                return false;
            }
            if (writer.commit(change)) {
                return true;
            }
        }
    }

    @Override
    public Optional<Instant> nextDeadline() {
        return store.nextDeadline();
    }

    /** Announces each removal as a deletion (SESSION_DELETED, session.deleted), exactly like DELETE does. */
    @Override
    public int purgeIdle() {
        int removed = 0;
        while (true) {
            List<SessionState> gone = store.purgeIdle(clock.now(), BATCH);
            for (SessionState last : gone) {
                events.publish(SessionEvent.deleted(last));
            }
            removed += gone.size();
            if (gone.size() < BATCH) {
                return removed;
            }
        }
    }
}
