package io.switchboard.application.service.realtime;

import io.switchboard.application.port.in.message.SendMessageUseCase;
import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.topic.AuthorizeTopicUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.Publication;
import io.switchboard.application.port.out.Subscriber;
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

/** What a topic-dialect connection does: subscribe and publish, authorised on every call. */
public final class RealtimeService implements SubscribeTopicUseCase, PublishToTopicUseCase {
    /** The eventType of an ephemeral broadcast. */
    public static final String CLIENT_MESSAGE = "client.message";

    private final PubSub pubSub;
    private final AuthorizeTopicUseCase policy;
    private final SendMessageUseCase sendMessage;
    private final Clock clock;

    public RealtimeService(PubSub pubSub, AuthorizeTopicUseCase policy, SendMessageUseCase sendMessage, Clock clock) {
        this.pubSub = Objects.requireNonNull(pubSub);
        this.policy = Objects.requireNonNull(policy);
        this.sendMessage = Objects.requireNonNull(sendMessage);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public TopicPattern subscribe(Caller caller, String pattern, Subscriber subscriber) {
        TopicPattern parsed = TopicPattern.parse(pattern);
        policy.checkSubscribe(caller, parsed);
        pubSub.subscribe(parsed, subscriber);
        return parsed;
    }

    @Override
    public boolean unsubscribe(String pattern, Subscriber subscriber) {
        return pubSub.unsubscribe(TopicPattern.parse(pattern), subscriber);
    }

    @Override
    public void unsubscribeAll(Subscriber subscriber) {
        pubSub.unsubscribeAll(subscriber);
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
        pubSub.publish(new Publication(topic, CLIENT_MESSAGE, data, clock.now()));
        return new Published(topic, Optional.empty());
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
