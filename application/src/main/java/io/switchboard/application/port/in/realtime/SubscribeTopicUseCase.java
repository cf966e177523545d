package io.switchboard.application.port.in.realtime;

import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;

public interface SubscribeTopicUseCase {
    /**
     * Subscribes a connection to a topic or pattern after checking the caller may see every topic it matches.
     *
     * @return the parsed pattern
     * @throws io.switchboard.domain.failure.ValidationFailed code 2 for a malformed pattern
     * @throws io.switchboard.domain.failure.Forbidden        code 5 SUBSCRIBE_FORBIDDEN
     */
    TopicPattern subscribe(Caller caller, String pattern, Subscriber subscriber);

    /**
     * Called once the client was told `subscribed`: what follows a subscription (a presence join) comes after that
     * reply on the connection.
     */
    default void afterSubscribed(Caller caller, TopicPattern pattern, Subscriber subscriber) {
    }

    /** @return whether the subscriber had exactly this pattern (malformed patterns: code 2) */
    boolean unsubscribe(String pattern, Subscriber subscriber);

    /**
     * The per-delivery check (docs/rooms-and-presence.md): whether {@code caller} may receive a publication on
     * {@code topic} now. False only for a declared private channel's topics when the caller is no member. Cheap.
     */
    default boolean mayReceive(Caller caller, io.switchboard.domain.topic.Topic topic) {
        return true;
    }

    /** Drops every subscription of a connection that closed. */
    void unsubscribeAll(Subscriber subscriber);
}
