package io.switchboard.application.service.topic;

import io.switchboard.application.port.in.topic.AuthorizeTopicUseCase;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.topic.Topics;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The default topic policy of docs/websocket.md.
 *
 * <p>Subscribe: {@code messages.user.{self}}, {@code users.{self}}, {@code user.{self}.**} for yourself;
 * {@code messages.channel.*}, {@code channels.*}, {@code presence.users.*}, {@code sessions.*}, {@code public.**} for
 * any authenticated user; everything for admins. A declared <em>private</em> channel narrows this for exact topics:
 * {@code messages.channel.{c}} and {@code channels.{c}} only for its members (NOT_A_MEMBER, code 5), judged by
 * {@link ChannelAccess}; a pattern such as {@code messages.channel.*} stays allowed and is filtered per delivery
 * ({@link #canReadNow}).
 *
 * <p>Publish over the WebSocket: {@code messages.channel.*}, {@code messages.user.*}, {@code public.**}; admins
 * anything but {@code sessions.**} and {@code users.**} (which only the server itself publishes on).
 *
 * <p>Patterns and exact topics are judged alike: a subscription is allowed only if every topic it can match is
 * allowed, which here means that one allowed pattern {@link TopicPattern#covers covers} it. (Coverage by a single
 * allowed pattern never allows more than coverage by their union; for this policy it allows exactly as much, because
 * the allowed patterns begin with distinct literal prefixes and a wildcard where a pattern could straddle two of them
 * would also match segments that neither names.) So {@code messages.user.*} is refused to a non-admin while
 * {@code messages.user.<self>} is allowed, and {@code **} is refused to everyone but admins. Publish targets are
 * always concrete topics, so the admins' set difference is a plain "matches none of the excluded patterns".
 */
public final class TopicPolicy implements AuthorizeTopicUseCase {
    private static final List<TopicPattern> SUBSCRIBE_FOR_ANY_USER =
            patterns("messages.channel.*", "sessions.*", "public.**",
            "channels.*", "presence.users.*");
    private static final List<TopicPattern> PUBLISH_FOR_ANY_USER =
            patterns("messages.channel.*", "messages.user.*", "public.**");
    private static final List<TopicPattern> PUBLISH_NEVER_BY_CLIENTS = patterns("sessions.**", "users.**",
            "channels.**", "presence.**");

    /** Null: no declared channels (every channel is open). */
    private final ChannelAccess channels;

    /** The policy with no declared channels. */
    public TopicPolicy() {
        this(null);
    }

    public TopicPolicy(ChannelAccess channels) {
        this.channels = channels;
    }

    @Override
    public boolean canSubscribe(Caller caller, TopicPattern pattern) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(pattern, "pattern");
        if (caller.isAdmin()) {
            return true; // `**` covers every pattern
        }
        return staticallyAllowed(caller, pattern) && isMemberWhereNeeded(caller, pattern);
    }

    @Override
    public void checkSubscribe(Caller caller, TopicPattern pattern) {
        if (caller.isAdmin()) {
            return;
        }
        if (!staticallyAllowed(caller, pattern)) {
            throw new Forbidden("SUBSCRIBE_FORBIDDEN", "not allowed to subscribe to " + pattern.value());
        }
        if (!isMemberWhereNeeded(caller, pattern)) {
            throw notAMember();
        }
    }

    @Override
    public boolean canReadNow(Caller caller, Topic topic) {
        return channels == null || channels.mayReceive(caller, topic);
    }

    @Override
    public void checkPublish(Caller caller, Topic topic) {
        if (!canPublish(caller, topic)) {
            throw new Forbidden("PUBLISH_FORBIDDEN", "not allowed to publish on " + topic.value());
        }
        if (!canReadNow(caller, topic)) {
            throw notAMember();
        }
    }

    private static Forbidden notAMember() {
        return new Forbidden("NOT_A_MEMBER", "this channel is private; only its members may use it");
    }

    private boolean staticallyAllowed(Caller caller, TopicPattern pattern) {
        return anyCovers(SUBSCRIBE_FOR_ANY_USER, pattern) || anyCovers(ownTopics(caller.id()), pattern);
    }

    /** An exact channel topic of a private channel needs membership; patterns are filtered per delivery instead. */
    private boolean isMemberWhereNeeded(Caller caller, TopicPattern pattern) {
        return channels == null || !pattern.isExact() || channels.mayReceive(caller, pattern.toTopic());
    }

    @Override
    public boolean canPublish(Caller caller, Topic topic) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(topic, "topic");
        if (caller.isAdmin()) {
            return PUBLISH_NEVER_BY_CLIENTS.stream().noneMatch(excluded -> excluded.matches(topic));
        }
        return PUBLISH_FOR_ANY_USER.stream().anyMatch(allowed -> allowed.matches(topic));
    }

    /** What a user may subscribe to about themselves. */
    private static List<TopicPattern> ownTopics(UserId self) {
        return List.of(
                Topics.userMessages(self).asPattern(),
                Topics.user(self).asPattern(),
                TopicPattern.parse(Topics.USER + "." + self + ".**"));
    }

    private static boolean anyCovers(List<TopicPattern> allowed, TopicPattern pattern) {
        for (TopicPattern candidate : allowed) {
            if (candidate.covers(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static List<TopicPattern> patterns(String... texts) {
        return Arrays.stream(texts).map(TopicPattern::parse).toList();
    }
}
