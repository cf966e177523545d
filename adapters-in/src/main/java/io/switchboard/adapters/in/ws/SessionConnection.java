package io.switchboard.adapters.in.ws;

import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.session.GetSessionUseCase;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.session.SessionId;

import java.nio.ByteBuffer;

/**
 * The session dialect (docs/sessions.md) on a socket: one connection watches one session; its frames are handled
 * by {@link SessionFrames}.
 */
public final class SessionConnection extends WsConnection implements Subscriber {
    private final SessionFrames frames;

    SessionConnection(WsContext context, String remoteIp, WsRegistry.Slot slot, SessionId sessionId,
                      VerifiedToken token, GetSessionUseCase sessions, SubscribeTopicUseCase subscriptions) {
        super(context, remoteIp, slot);
        this.frames = new SessionFrames(sessionId, token, context.metrics(), context.clock(), sessions,
                subscriptions, this, new SessionFrames.Peer() {
                    @Override
                    public void send(String text, String type) {
                        SessionConnection.this.send(text, type);
                    }

                    @Override
                    public void send(ByteBuffer utf8Frame, String type) {
                        SessionConnection.this.send(utf8Frame, type);
                    }

                    @Override
                    public void close(int code, String reason) {
                        SessionConnection.this.close(code, reason);
                    }

                    @Override
                    public boolean isReleased() {
                        return SessionConnection.this.isReleased();
                    }
                });
    }

    @Override
    String dialect() {
        return "session";
    }

    @Override
    public String ownerId() {
        return frames.userId();
    }

    @Override
    java.util.List<String> subscriptions() {
        return frames.subscriptions();
    }

    @Override
    void onOpened() {
        frames.onOpened();
    }

    @Override
    void onReleased() {
        frames.onReleased();
    }

    @Override
    public void deliver(Delivery delivery) {
        frames.deliver(delivery);
    }

    @Override
    void onText(String text) {
        frames.onText(text);
    }

    @Override
    void onTick(long nowNanos) {
        frames.onTick();
    }

    @Override
    void sendRateLimited(long retryAfterSeconds) {
        frames.sendRateLimited(retryAfterSeconds);
    }
}
