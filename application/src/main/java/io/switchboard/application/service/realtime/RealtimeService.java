package io.switchboard.application.service.realtime;

import io.switchboard.application.port.in.message.SendMessageUseCase;
import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.topic.AuthorizeTopicUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.FrameFormat;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.service.presence.PresenceService;
import io.switchboard.domain.failure.PayloadTooLarge;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.topic.Topics;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What a topic-dialect connection does: subscribe and publish, authorised on every call. */
public final class RealtimeService implements SubscribeTopicUseCase, PublishToTopicUseCase {
    /** The eventType of an ephemeral broadcast. */
    public static final String CLIENT_MESSAGE = "client.message";

    private final PubSub pubSub;
    private final AuthorizeTopicUseCase policy;
    private final SendMessageUseCase sendMessage;
    private final Clock clock;
    private final FrameEncoder encoder;
    private final long maxDeliveryBytes;
    /** Null: no presence. */
    private final PresenceService presence;

    /** No bound on broadcasts. */
    public RealtimeService(PubSub pubSub, AuthorizeTopicUseCase policy, SendMessageUseCase sendMessage, Clock clock) {
        this(pubSub, policy, sendMessage, clock, null, 0);
    }

    /**
     * @param maxDeliveryBytes the largest delivery frame (UTF-8 bytes of the topic dialect's `message` frame) a
     *                         broadcast may make; a larger one is refused with code 8 PAYLOAD_TOO_LARGE. 0: no bound.
     * @param encoder          measures that frame; required when there is a bound
     */
    public RealtimeService(PubSub pubSub, AuthorizeTopicUseCase policy, SendMessageUseCase sendMessage, Clock clock,
                           FrameEncoder encoder, long maxDeliveryBytes) {
        this(pubSub, policy, sendMessage, clock, encoder, maxDeliveryBytes, null);
    }

    /** @param presence told of exact subscriptions and their end (docs/rooms-and-presence.md); null: none */
    public RealtimeService(PubSub pubSub, AuthorizeTopicUseCase policy, SendMessageUseCase sendMessage, Clock clock,
                           FrameEncoder encoder, long maxDeliveryBytes, PresenceService presence) {
        this.presence = presence;
        this.pubSub = Objects.requireNonNull(pubSub);
        this.policy = Objects.requireNonNull(policy);
        this.sendMessage = Objects.requireNonNull(sendMessage);
        this.clock = Objects.requireNonNull(clock);
        if (maxDeliveryBytes < 0) {
            throw new IllegalArgumentException("maxDeliveryBytes must be 0 (no bound) or positive");
        }
        this.encoder = maxDeliveryBytes > 0 ? Objects.requireNonNull(encoder, "encoder") : encoder;
        this.maxDeliveryBytes = maxDeliveryBytes;
    }

    @Override
    public TopicPattern subscribe(Caller caller, String pattern, Subscriber subscriber) {
        TopicPattern parsed = TopicPattern.parse(pattern);
        policy.checkSubscribe(caller, parsed);
        pubSub.subscribe(parsed, subscriber);
        return parsed;
    }

    @Override
    public void afterSubscribed(Caller caller, TopicPattern pattern, Subscriber subscriber) {
        if (presence != null) {
            presence.subscribed(caller, pattern, subscriber);
        }
    }

    @Override
    public boolean mayReceive(Caller caller, Topic topic) {
        return policy.canReadNow(caller, topic);
    }

    @Override
    public boolean unsubscribe(String pattern, Subscriber subscriber) {
        TopicPattern parsed = TopicPattern.parse(pattern);
        boolean removed = pubSub.unsubscribe(parsed, subscriber);
        if (removed && presence != null) {
            presence.unsubscribed(parsed, subscriber);
        }
        return removed;
    }

    @Override
    public void unsubscribeAll(Subscriber subscriber) {
        Set<TopicPattern> patterns = pubSub.unsubscribeAll(subscriber);
        if (presence != null) {
            presence.released(subscriber, patterns);
        }
    }

    @Override
    public Published publish(Command command) {
        if (command.topic() == null) {
            throw ValidationFailed.of(Topic.FIELD, "is required");
        }
        Topic topic = Topic.parse(command.topic());
        policy.checkPublish(command.caller(), topic);

        Optional<String> channel = Topics.channelOf(topic);
        if (channel.isPresent()) {
            if (!ChannelId.isValid(channel.get())) {
                throw ValidationFailed.of(Topic.FIELD, "the channel must be 1 to 100 characters of [A-Za-z0-9_-]");
            }
            return stored(topic, new SendMessageUseCase.Command(command.caller(), command.content(), null,
                    new ChannelId(channel.get())));
        }
        Optional<String> recipient = Topics.directRecipientOf(topic);
        if (recipient.isPresent()) {
            UserId recipientId = parseUser(recipient.get());
            return stored(topic, new SendMessageUseCase.Command(command.caller(), command.content(), recipientId, null));
        }
        return broadcast(topic, command);
    }

    private Published stored(Topic topic, SendMessageUseCase.Command send) {
        Message message = sendMessage.send(send);
        return new Published(topic, Optional.of(message.id().toString()));
    }

    private Published broadcast(Topic topic, Command command) {
        if (command.content() == null && command.data() == null) {
            throw ValidationFailed.of("content", "give content, data or both");
        }
        if (command.content() != null && !Message.isValidContent(command.content())) {
            throw ValidationFailed.of("content", "must be 1 to " + Message.CONTENT_MAX + " characters");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("senderId", command.caller().id().toString());
        if (command.content() != null) {
            data.put("content", command.content());
        }
        if (command.data() != null) {
            data.put("data", command.data());
        }
        Publication publication = new Publication(topic, CLIENT_MESSAGE, data, clock.now());
        checkSize(publication, command);
        pubSub.publish(publication);
        return new Published(topic, Optional.empty());
    }

    /**
     * Refuses a broadcast whose delivery frame would be larger than the bound, so that one publish can never fill a
     * subscriber's outbound queue on its own. A broadcast of content alone (at most 10,000 characters) is measured
     * only when it could come near the bound; one with `data` is encoded once here to be measured.
     */
    private void checkSize(Publication publication, Command command) {
        if (maxDeliveryBytes <= 0) {
            return;
        }
        if (command.data() == null && (long) command.content().length() * 3 + ENVELOPE_BYTES < maxDeliveryBytes) {
            return;
        }
        long bytes = utf8Length(encoder.encode(FrameFormat.TOPIC.render(publication)));
        if (bytes > maxDeliveryBytes) {
            throw new PayloadTooLarge("PAYLOAD_TOO_LARGE", "the message would make a delivery frame of " + bytes
                    + " bytes; at most " + maxDeliveryBytes + " are allowed");
        }
    }

    /** More than the delivery frame adds around a broadcast's content (type, topic, eventType, senderId, timestamp). */
    private static final int ENVELOPE_BYTES = 1024;

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Any id a topic segment can spell is a user id; only an account receives direct messages, so an id that names
     * none (an identity provider's user, an unknown account) is RECIPIENT_NOT_FOUND from the message service.
     */
    private static UserId parseUser(String segment) {
        if (!UserId.isValid(segment)) {
            throw ValidationFailed.of(Topic.FIELD, "messages.user.{u} needs a user id");
        }
        return new UserId(segment);
    }
}
