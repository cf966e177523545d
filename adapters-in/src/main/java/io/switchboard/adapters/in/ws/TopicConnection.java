package io.switchboard.adapters.in.ws;

import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.RecoverTopicUseCase;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.UserId;

import java.util.Collection;

/**
 * The topic dialect (docs/websocket.md) on a socket: deliveries of every publication the connection's
 * subscriptions match go out here; the frames the client sends are handled by {@link TopicFrames}.
 */
public final class TopicConnection extends WsConnection implements Subscriber {
    private final TopicFrames frames;

    TopicConnection(WsContext context, String remoteIp, WsRegistry.Slot slot, VerifiedToken token,
                    AuthenticateUseCase authenticate, SubscribeTopicUseCase subscriptions,
                    PublishToTopicUseCase publisher, RecoverTopicUseCase recover, TopicFrames.Rooms rooms) {
        super(context, remoteIp, slot);
        this.frames = new TopicFrames(context.settings(), context.metrics(), context.clock(), authenticate,
                subscriptions, publisher, recover, this, new TopicFrames.Peer() {
                    @Override
                    public void send(String text, String type) {
                        TopicConnection.this.send(text, type);
                    }

                    @Override
                    public void sendDelivery(Delivery delivery) {
                        TopicConnection.this.send(delivery.topicFrameUtf8(), "message");
                    }

                    @Override
                    public void close(int code, String reason) {
                        TopicConnection.this.close(code, reason);
                    }

                    @Override
                    public boolean isReleased() {
                        return TopicConnection.this.isReleased();
                    }

                    @Override
                    public boolean claimUser(UserId user) {
                        return TopicConnection.this.claimUser(user);
                    }
                }, token, rooms);
    }

    @Override
    String dialect() {
        return "topic";
    }

    @Override
    java.util.List<String> subscriptions() {
        return frames.subscribedPatterns();
    }

    @Override
    public String ownerId() {
        return frames.userId();
    }

    @Override
    void onOpened() {
        frames.onOpened(System.nanoTime());
    }

    @Override
    void onReleased() {
        frames.onReleased();
    }

    @Override
    public void deliver(Delivery delivery) {
        if (!frames.mayReceive(delivery)) {
            return; // a declared private channel this connection's user does not belong to (now)
        }
        if (frames.holds(delivery)) {
            return; // a subscribe with recovery is replaying: sent after the replay, without what it replayed
        }
        send(delivery.topicFrameUtf8(), "message");
    }

    @Override
    public void resync(Collection<TopicPattern> patterns, String reason) {
        frames.sendResync(patterns, reason);
    }

    @Override
    public void accessChanged(Topic topic) {
        frames.onAccessChanged(topic);
    }

    @Override
    void onText(String text) {
        frames.onText(text);
    }

    @Override
    void onTick(long nowNanos) {
        frames.onTick(nowNanos);
    }

    @Override
    void sendRateLimited(long retryAfterSeconds) {
        frames.sendRateLimited(retryAfterSeconds);
    }
}
