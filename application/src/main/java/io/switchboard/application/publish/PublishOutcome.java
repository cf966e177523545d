package io.switchboard.application.publish;

import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.failure.ErrorCode;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a server API publish or broadcast (docs/api.md): one result per requested topic, in request order,
 * either published or refused with an error. It is what an {@link io.switchboard.application.port.out.IdempotencyStore} keeps, so that a repeated request
 * gets the very first answer.
 */
public record PublishOutcome(List<TopicResult> results) {
    public PublishOutcome {
        results = List.copyOf(results);
    }

    /**
     * The topic as the request spelled it, and the error when that topic was refused (null when published); for a
     * topic that keeps history, the publication's place in it (null when the topic keeps none or the place is not
     * known yet: docs/history-and-recovery.md).
     */
    public record TopicResult(String topic, TopicError error, StreamPosition position) {
        public TopicResult {
            Objects.requireNonNull(topic, "topic");
        }

        public TopicResult(String topic, TopicError error) {
            this(topic, error, null);
        }

        public static TopicResult published(String topic) {
            return new TopicResult(topic, null, null);
        }

        public static TopicResult published(String topic, StreamPosition position) {
            return new TopicResult(topic, null, position);
        }

        public boolean isPublished() {
            return error == null;
        }
    }

    /** Why one topic of a broadcast was refused: the same code, reason and message a request of its own would get. */
    public record TopicError(ErrorCode code, String reason, String message) {
        public TopicError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
