package io.switchboard.application.service.session;

import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.session.SessionChange;
import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionStep;

/**
 * Stores a change with one compare-and-set and, if that won, announces each of its steps in order and counts each
 * expiry it stored ({@link Metrics#sessionExpired}, whether the scheduler or a late operation applied it).
 */
final class SessionWriter {
    private final SessionStore store;
    private final EventPublisher events;
    private final Metrics metrics;

    SessionWriter(SessionStore store, EventPublisher events, Metrics metrics) {
        this.store = store;
        this.events = events;
        this.metrics = metrics;
    }

    /** @return false when the stored version moved on meanwhile (nothing was written or announced) */
    boolean commit(SessionChange change) {
        if (change.isEmpty()) {
            return true;
        }
        if (!store.compareAndSet(change.before().version(), change.after())) {
            return false;
        }
        for (SessionStep step : change.steps()) {
            events.publish(SessionEvent.updated(step.state(), step.event()));
            if (step.event() == SessionEventType.TIME_EXPIRED) {
                metrics.sessionExpired(step.state().actionOnTimeout().wireName());
            }
        }
        return true;
    }
}
