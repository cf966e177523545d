package io.switchboard.domain.event;

/**
 * Something that changed and that subscribers may want to hear of. The wire name is the contract's
 * eventType (`message.sent`, `user.updated`, ...).
 */
public interface DomainEvent {
    String type();
}
