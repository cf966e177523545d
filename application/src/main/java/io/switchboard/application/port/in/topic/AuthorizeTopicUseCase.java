package io.switchboard.application.port.in.topic;

import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;

/**
 * Who may subscribe to and publish on which topics (docs/websocket.md). The WebSocket endpoint asks before
 * every subscribe and publish; a refusal is code 5. Malformed topics never get here: parsing a {@link Topic} or
 * {@link TopicPattern} already failed with code 2, and so did a pattern given as a publish target.
 */
public interface AuthorizeTopicUseCase {
    /** Whether {@code caller} may subscribe to {@code pattern}: only if it may see every topic the pattern matches. */
    boolean canSubscribe(Caller caller, TopicPattern pattern);

    /** Whether {@code caller} may publish on {@code topic} over the WebSocket. */
    boolean canPublish(Caller caller, Topic topic);

    /**
     * Whether {@code caller} may receive a publication on the concrete {@code topic} now: the per-delivery check of
     * a declared private channel's topics (docs/rooms-and-presence.md), also used before replaying a topic's
     * history. True for every topic without such a rule. Cheap: it is asked once per delivery.
     */
    default boolean canReadNow(Caller caller, Topic topic) {
        return true;
    }

    /** @throws Forbidden SUBSCRIBE_FORBIDDEN (code 5) unless {@link #canSubscribe} */
    default void checkSubscribe(Caller caller, TopicPattern pattern) {
        if (!canSubscribe(caller, pattern)) {
            throw new Forbidden("SUBSCRIBE_FORBIDDEN", "not allowed to subscribe to " + pattern.value());
        }
    }

    /** @throws Forbidden PUBLISH_FORBIDDEN (code 5) unless {@link #canPublish} */
    default void checkPublish(Caller caller, Topic topic) {
        if (!canPublish(caller, topic)) {
            throw new Forbidden("PUBLISH_FORBIDDEN", "not allowed to publish on " + topic.value());
        }
    }
}
