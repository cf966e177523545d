package io.switchboard.application.port.out;

import io.switchboard.domain.topic.Topic;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing published on one concrete topic: {@code eventType} is the contract's name (`message.sent`,
 * `user.updated`, `session.updated`, `client.message`), {@code data} a JSON-ready tree (see {@link FrameEncoder})
 * that nobody mutates once published: it is shared by every subscriber on every thread.
 */
public record Publication(Topic topic, String eventType, Object data, Instant timestamp) {
    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
        if (eventType.isBlank()) {
            throw new IllegalArgumentException("eventType must not be blank");
        }
    }
}
