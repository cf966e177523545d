package io.switchboard.adapters.in.ws;

import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.domain.user.UserId;

/**
 * The topic dialect (docs/websocket.md) on a socket: deliveries of every publication the connection's
 * subscriptions match go out here; the frames the client sends are handled by {@link TopicFrames}.
 */
public final class TopicConnection extends WsConnection implements Subscriber {
    private final TopicFrames frames;

    TopicConnection(WsContext context, String remoteIp, WsRegistry.Slot slot, VerifiedToken token,
                    AuthenticateUseCase authenticate, SubscribeTopicUseCase subscriptions,
                    PublishToTopicUseCase publisher) {
        super(context, remoteIp, slot);
        this.frames = new TopicFrames(context.settings(), context.metrics(), context.clock(), authenticate,
                subscriptions, publisher, this, new TopicFrames.Peer() {
                    @Override
                    public void send(String text, String type) {
                        TopicConnection.this.send(text, type);
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
                }, token);
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
        send(delivery.topicFrameUtf8(), "message");
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
