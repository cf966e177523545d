package io.switchboard.application.port.in.realtime;

import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.user.Caller;

import java.util.Objects;
import java.util.Optional;

/**
 * A client's `message` frame. On `messages.channel.{c}` and `messages.user.{u}` it is a real message, stored
 * through the same use case as POST /api/messages; on other topics the caller may publish to, an ephemeral
 * broadcast (eventType `client.message`).
 */
public interface PublishToTopicUseCase {
    /**
     * @throws io.switchboard.domain.failure.ValidationFailed code 2: malformed topic, a pattern, bad content
     * @throws io.switchboard.domain.failure.Forbidden        code 5 PUBLISH_FORBIDDEN
     * @throws io.switchboard.domain.failure.NotFound         code 3 RECIPIENT_NOT_FOUND
     * @throws io.switchboard.domain.failure.PayloadTooLarge  code 8: a broadcast whose delivery frame would pass the
     *                                                        bound (see RealtimeService)
     */
    Published publish(Command command);

    /** {@code data} is any JSON-ready tree (maps, lists, strings, numbers, booleans) or null. */
    record Command(Caller caller, String topic, String content, Object data) {
        public Command {
            Objects.requireNonNull(caller, "caller");
        }
    }

    /** The concrete topic, and the stored message's id when it was a real message. */
    record Published(Topic topic, Optional<String> messageId) {
    }
}
