package io.switchboard.application.service.channel;

import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.service.topic.ChannelAccess;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.topic.Topics;

import java.util.List;
import java.util.Objects;

/**
 * One per instance, subscribed (as the server itself) to {@code channels.*}: every channel change, from whichever
 * instance made it, arrives here. It invalidates {@link ChannelAccess} for the channel, and after a change that can
 * take access away (channel.updated, channel.member_removed, channel.deleted) asks every local subscriber of the
 * channel's topics to check again ({@link Subscriber#accessChanged}), which ends a revoked member's exact
 * subscriptions with MEMBERSHIP_REVOKED. Pattern subscriptions need nothing more: each delivery is checked.
 */
public final class ChannelWatcher implements Subscriber {
    /** The pattern it is subscribed to. */
    public static final TopicPattern PATTERN = TopicPattern.parse(Topics.CHANNELS + ".*");

    private final PubSub pubSub;
    private final ChannelAccess access;

    public ChannelWatcher(PubSub pubSub, ChannelAccess access) {
        this.pubSub = Objects.requireNonNull(pubSub);
        this.access = Objects.requireNonNull(access);
    }

    /** Subscribes this watcher; call once at start-up. */
    public void start() {
        pubSub.subscribe(PATTERN, this);
    }

    @Override
    public void deliver(Delivery delivery) {
        Topic topic = delivery.topic();
        if (topic.size() != 2 || !ChannelId.isValid(topic.segment(1))) {
            return;
        }
        String channel = topic.segment(1);
        access.invalidate(channel);
        switch (delivery.eventType()) {
            case "channel.updated", "channel.member_removed" -> recheck(new ChannelId(channel));
            default -> {
            }
        }
    }

    /** Every subscriber is asked; the first failure is rethrown afterwards for the hub to log. */
    private void recheck(ChannelId channel) {
        RuntimeException failure = null;
        for (Topic topic : List.of(Topics.channelMessages(channel), Topics.channel(channel))) {
            for (Subscriber subscriber : pubSub.localSubscribers(topic)) {
                if (subscriber == this) {
                    continue;
                }
                try {
                    subscriber.accessChanged(topic);
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
