package io.switchboard.client;

import java.util.concurrent.CompletableFuture;

/** A live subscription; it is renewed after every reconnect until {@link #unsubscribe()}. */
public final class Subscription {
    private final TopicClient client;
    private final String topic;

    Subscription(TopicClient client, String topic) {
        this.client = client;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    public CompletableFuture<Void> unsubscribeAsync() {
        return client.unsubscribeAsync(topic);
    }

    public void unsubscribe() {
        client.unsubscribe(topic);
    }
}
