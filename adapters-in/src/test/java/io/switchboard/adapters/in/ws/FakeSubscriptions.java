package io.switchboard.adapters.in.ws;

import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;

import java.util.ArrayList;
import java.util.List;

/** The subscription use case for the frame tests: records what the frames ask for. */
final class FakeSubscriptions implements SubscribeTopicUseCase {
    final List<String> subscribed = new ArrayList<>();
    final List<Subscriber> subscribers = new ArrayList<>();
    final List<String> unsubscribed = new ArrayList<>();
    final List<Subscriber> droppedAll = new ArrayList<>();
    /** A pattern refused with code 5, or null. */
    String forbidden;
    /** What happens while a subscription is being made (e.g. a publication racing it). */
    Runnable onSubscribe = () -> { };

    @Override
    public TopicPattern subscribe(Caller caller, String pattern, Subscriber subscriber) {
        if (pattern.equals(forbidden)) {
            throw new Forbidden("SUBSCRIBE_FORBIDDEN", "not for you");
        }
        subscribed.add(pattern);
        subscribers.add(subscriber);
        onSubscribe.run();
        return TopicPattern.parse(pattern);
    }

    @Override
    public boolean unsubscribe(String pattern, Subscriber subscriber) {
        unsubscribed.add(pattern);
        return true;
    }

    @Override
    public void unsubscribeAll(Subscriber subscriber) {
        droppedAll.add(subscriber);
    }
}
