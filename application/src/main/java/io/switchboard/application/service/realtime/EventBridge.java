package io.switchboard.application.service.realtime;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.SessionUpdate;
import io.switchboard.application.view.SessionViews;
import io.switchboard.application.view.Views;
import io.switchboard.domain.event.ChannelEvent;
import io.switchboard.domain.event.DomainEvent;
import io.switchboard.domain.event.MessageEvent;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.event.UserEvent;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.Topics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns every domain event into publications on the topics of docs/websocket.md:
 * <ul>
 *   <li>message.sent / updated / deleted: {@code messages.channel.{channelId}} (if any), {@code messages.user.{senderId}},
 *       {@code messages.user.{recipientId}} (if any, and not again when it is the sender); data = the Message view;</li>
 *   <li>user.created / updated / deleted: {@code users.{userId}}; data = the PublicUser view (never a hash);</li>
 *   <li>session.updated / deleted: {@code sessions.{sessionId}}, data a {@link SessionUpdate} (shown as {state, event}).</li>
 * </ul>
 * The timestamp of every publication is the bridge's clock at the moment of publishing.
 */
public final class EventBridge implements EventPublisher {
    private final PubSub pubSub;
    private final Clock clock;

    public EventBridge(PubSub pubSub, Clock clock) {
        this.pubSub = Objects.requireNonNull(pubSub, "pubSub");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void publish(DomainEvent event) {
        pubSub.publishAll(publicationsOf(event));
    }

    /**
     * The publications for {@code event}, in publishing order.
     *
     * @throws IllegalArgumentException for an event type with no route (a bug: every event must be routed here)
     */
    public List<Publication> publicationsOf(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        Instant now = clock.now();
        if (event instanceof MessageEvent messageEvent) {
            return messagePublications(messageEvent, now);
        }
        if (event instanceof UserEvent userEvent) {
            return List.of(new Publication(Topics.user(userEvent.user().id()), userEvent.type(),
                    Views.user(userEvent.user()), now));
        }
        if (event instanceof SessionEvent sessionEvent) {
            return List.of(sessionPublication(sessionEvent, now));
        }
        if (event instanceof ChannelEvent channelEvent) {
            return channelPublications(channelEvent, now);
        }
        throw new IllegalArgumentException("no topic route for event type " + event.type());
    }

    /**
     * The publication of a session change on {@code sessions.{sessionId}}: its data is a typed {@link SessionUpdate}
     * (the SessionState view, its version and the change), shown on the topic dialect as {@code {state, event}} and
     * rendered by the session dialect as STATE_UPDATE or SESSION_DELETED.
     */
    static Publication sessionPublication(SessionEvent event, Instant now) {
        SessionState state = event.state();
        String change = event.event() == null ? null : event.event().name();
        SessionUpdate update = new SessionUpdate(event.sessionId().toString(), state.version(),
                SessionViews.state(state, now), change);
        return new Publication(Topics.session(update.sessionId()), event.type(), update, now, sessionOrdering(event));
    }

    /**
     * A session's changes in version order; its deletion after all of them. The key names the session's
     * incarnation (its createdAt), so a session created again under the same id starts afresh.
     */
    static Publication.Ordering sessionOrdering(SessionEvent event) {
        SessionState state = event.state();
        String key = "session:" + state.sessionId() + "@" + state.createdAt().toEpochMilli();
        return new Publication.Ordering(key, event.kind() == SessionEvent.Kind.DELETED
                ? Publication.Ordering.LAST : state.version());
    }

    /** A message's versions in order; its deletion after all of them. */
    static Publication.Ordering messageOrdering(MessageEvent event) {
        return new Publication.Ordering("message:" + event.message().id(),
                event.kind() == MessageEvent.Kind.DELETED ? Publication.Ordering.LAST : event.message().version());
    }

    /**
     * channel.*: on {@code channels.{c}} (data: the Channel, or {channelId, member}); a member event also on the
     * member's {@code users.{id}}.
     */
    private static List<Publication> channelPublications(ChannelEvent event, Instant now) {
        if (!Topics.isValidSegment(event.channel().id().value())) {
            return List.of(); // a channel id longer than a topic segment has no channel topic
        }
        Topic topic = Topics.channel(event.channel().id());
        if (!event.kind().aboutMember()) {
            return List.of(new Publication(topic, event.type(), Views.channel(event.channel()), now));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channelId", event.channel().id().value());
        data.put("member", Views.member(event.member()));
        return List.of(new Publication(topic, event.type(), data, now),
                new Publication(Topics.user(event.member().userId()), event.type(), data, now));
    }

    private static List<Publication> messagePublications(MessageEvent event, Instant now) {
        Message message = event.message();
        List<Topic> topics = new ArrayList<>(3);
        // A channel id may be 100 characters but a topic segment only 64: such a channel has no topic, and its
        // messages reach subscribers through the users' topics only (docs/topics-and-pubsub.md).
        message.channel()
                .filter(channel -> Topics.isValidSegment(channel.value()))
                .ifPresent(channel -> topics.add(Topics.channelMessages(channel)));
        topics.add(Topics.userMessages(message.senderId()));
        message.recipient()
                .filter(recipient -> !recipient.equals(message.senderId()))
                .ifPresent(recipient -> topics.add(Topics.userMessages(recipient)));
        Map<String, Object> data = Views.message(message); // one tree, shared by the publications
        List<Publication> publications = new ArrayList<>(topics.size());
        Publication.Ordering ordering = messageOrdering(event);
        for (Topic topic : topics) {
            publications.add(new Publication(topic, event.type(), data, now, ordering));
        }
        return publications;
    }
}
