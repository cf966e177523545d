package io.switchboard.application.testing;

import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.domain.event.DomainEvent;

import java.util.ArrayList;
import java.util.List;

/** Keeps every announced event, in order. */
public final class RecordingEventPublisher implements EventPublisher {
    private final List<DomainEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(DomainEvent event) {
        events.add(event);
    }

    public synchronized List<DomainEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> types() {
        return events.stream().map(DomainEvent::type).toList();
    }

    /** Forgets what set-up announced, so a test sees only the events of the step it checks. */
    public synchronized void clear() {
        events.clear();
    }
}
