package io.switchboard.application.port.out;

import io.switchboard.domain.event.DomainEvent;

/** Every change is announced here after it is stored; the real-time bridge turns events into topic publications. */
public interface EventPublisher {
    void publish(DomainEvent event);
}
