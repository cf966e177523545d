package io.switchboard.adapters.in.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.in.session.GetSessionUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.SessionUpdate;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.testing.TestClock;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session dialect's frames without a server: a fake session store and subscriptions, and a peer that records
 * what would go to the socket.
 */
class SessionFramesTest {
    private static final Caller ADA = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));

    private final TestClock clock = TestClock.at("2026-01-02T03:04:05Z");
    private final Instant tokenExpiry = clock.now().plus(Duration.ofMinutes(10));
    private final SessionId sessionId = new SessionId(UUID.randomUUID());
    private final RecordingPeer peer = new RecordingPeer();
    private final FakeSubscriptions subscriptions = new FakeSubscriptions();
    private final Subscriber connection = delivery -> { };
    /** What the fake store answers: the state, or null for "no such session". */
    private SessionState stored = SessionTransitions.create(
            new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("a")), 60_000L, null, null, null,
                    null, null),
            sessionId, ADA.id(), clock.now());
    private final GetSessionUseCase sessions = (caller, id) -> {
        assertThat(id).isEqualTo(sessionId);
        if (stored == null) {
            throw new NotFound("SESSION_NOT_FOUND", "no session " + id);
        }
        return stored;
    };

    private final SessionFrames frames = new SessionFrames(sessionId, new VerifiedToken(ADA, tokenExpiry, 0),
            new Metrics() { }, clock::now, sessions, subscriptions, connection, peer);

    @Test
    void openingSendsConnectedListensOnTheSessionTopicThenSendsTheState() {
        frames.onOpened();

        assertThat(peer.types()).containsExactly("CONNECTED", "STATE_SYNC");
        assertThat(peer.frames.get(0).path("sessionId").asText()).isEqualTo(sessionId.toString());
        assertThat(peer.frames.get(0).path("timestamp").asLong()).isEqualTo(clock.now().toEpochMilli());
        assertThat(peer.frames.get(1).path("state").path("version").asLong()).isEqualTo(stored.version());
        assertThat(subscriptions.subscribed).containsExactly("sessions." + sessionId);
        assertThat(subscriptions.subscribers).containsExactly(connection);
    }

    @Test
    void aConnectionReleasedWhileOpeningDropsItsSubscriptionAndSendsNoState() {
        peer.released = true;
        frames.onOpened();

        assertThat(peer.types()).containsExactly("CONNECTED");
        assertThat(subscriptions.droppedAll).containsExactly(connection);
    }

    @Test
    void updatesGoOutInVersionOrderAndNeverBackwards() {
        frames.onOpened(); // STATE_SYNC of version 1
        long synced = stored.version();

        frames.deliver(update(synced + 2));
        frames.deliver(update(synced + 1));   // overtaken by a newer one
        frames.deliver(update(synced + 2));   // a repeat
        frames.deliver(update(synced + 3));

        assertThat(peer.types()).containsExactly("CONNECTED", "STATE_SYNC", "STATE_UPDATE", "STATE_UPDATE");
        assertThat(peer.frames.subList(2, 4)).extracting(f -> f.path("state").path("version").asLong())
                .containsExactly(synced + 2, synced + 3);
        assertThat(peer.frames.get(2).path("event").asText()).isEqualTo("SWITCHED");
    }

    @Test
    void theUpdateOfAVersionTheSyncAlreadyShowedStillGoesOutOnce_soNoChangeMissesItsEvent() {
        frames.onOpened(); // the create landed just before the read: STATE_SYNC of version 1
        long synced = stored.version();

        frames.deliver(update(synced));       // its STATE_UPDATE (event CREATED) arrives after the sync
        frames.deliver(update(synced));       // a repeat

        assertThat(peer.types()).containsExactly("CONNECTED", "STATE_SYNC", "STATE_UPDATE");
        assertThat(peer.frames.get(2).path("state").path("version").asLong()).isEqualTo(synced);
    }

    @Test
    void aChangeDeliveredWhileSubscribingComesAfterConnected() {
        stored = null; // the session is created while the watcher subscribes
        subscriptions.onSubscribe = () -> frames.deliver(update(1));

        frames.onOpened();

        assertThat(peer.types()).containsExactly("CONNECTED", "STATE_UPDATE");
        assertThat(peer.frames.get(1).path("state").path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aDeletedSessionIsAnnouncedTheConnectionClosesAndNothingFollows() {
        frames.onOpened();
        frames.deliver(new Delivery(new Publication(topic(), SessionFrames.SESSION_DELETED_EVENT,
                new SessionUpdate(sessionId.toString(), 99, Map.of(), null), clock.now()), Json::write));
        frames.deliver(update(100));
        frames.onText("{\"type\":\"RECONNECT\"}");

        assertThat(peer.types()).containsExactly("CONNECTED", "STATE_SYNC", "SESSION_DELETED");
        assertThat(peer.frames.get(2).has("state")).isFalse();
        assertThat(peer.closes).containsExactly(StatusCode.NORMAL);
    }

    @Test
    void pingIsAnsweredWithTheServerTimeInEpochMillis() {
        frames.onText("{\"type\":\"PING\"}");
        clock.advance(Duration.ofMillis(1234));
        frames.onText("{\"type\":\"PING\",\"timestamp\":5}");

        assertThat(peer.types()).containsExactly("PONG", "PONG");
        assertThat(peer.frames).extracting(f -> f.path("timestamp").asLong())
                .containsExactly(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli(),
                        Instant.parse("2026-01-02T03:04:06.234Z").toEpochMilli());
    }

    @Test
    void reconnectResendsTheStateAndAnswersAMissingSessionWithAnError() {
        frames.onOpened();
        frames.onText("{\"type\":\"RECONNECT\"}");
        stored = null;
        frames.onText("{\"type\":\"RECONNECT\"}");

        assertThat(peer.types()).containsExactly("CONNECTED", "STATE_SYNC", "STATE_SYNC", "ERROR");
        assertThat(peer.frames.get(3).path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(peer.closes).isEmpty();
    }

    @Test
    void aSessionMissingAtOpenGetsNoErrorOnlyConnected() {
        stored = null;
        frames.onOpened();

        assertThat(peer.types()).containsExactly("CONNECTED");
    }

    @Test
    void badFramesAreInvalidMessageAndTheConnectionStaysOpen() {
        frames.onText("{not json");
        frames.onText("[1]");
        frames.onText("{\"type\":\"subscribe\"}");
        frames.onText(null); // a binary frame

        assertThat(peer.types()).containsOnly("ERROR");
        assertThat(peer.frames).extracting(f -> f.path("code").asText()).containsOnly("INVALID_MESSAGE");
        assertThat(peer.frames.get(2).path("message").asText()).contains("'subscribe'");
        assertThat(peer.closes).isEmpty();
    }

    @Test
    void anExpiredTokenEndsTheWatchWith1008() {
        frames.onTick();
        assertThat(peer.frames).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        frames.onTick();

        assertThat(peer.types()).containsExactly("ERROR");
        assertThat(peer.frames.get(0).path("code").asText()).isEqualTo("TOKEN_EXPIRED");
        assertThat(peer.closes).containsExactly(StatusCode.POLICY_VIOLATION);
    }

    @Test
    void rateLimitedIsAnErrorFrame() {
        frames.sendRateLimited(3);

        assertThat(peer.types()).containsExactly("ERROR");
        assertThat(peer.frames.get(0).path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(peer.frames.get(0).path("message").asText()).contains("3 s");
    }

    private Topic topic() {
        return Topic.parse("sessions." + sessionId);
    }

    private Delivery update(long version) {
        Map<String, Object> state = Map.of("sessionId", sessionId.toString(), "version", version);
        return new Delivery(new Publication(topic(), "session.updated",
                new SessionUpdate(sessionId.toString(), version, state, "SWITCHED"), clock.now()), Json::write);
    }

    private static final class RecordingPeer implements SessionFrames.Peer {
        final List<JsonNode> frames = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();
        boolean released;

        @Override
        public void send(String text, String type) {
            JsonNode frame = Json.parse(text);
            assertThat(frame.path("type").asText()).isEqualTo(type);
            frames.add(frame);
        }

        @Override
        public void send(ByteBuffer utf8Frame, String type) {
            send(StandardCharsets.UTF_8.decode(utf8Frame.duplicate()).toString(), type);
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code);
        }

        @Override
        public boolean isReleased() {
            return released;
        }

        List<String> types() {
            return frames.stream().map(f -> f.path("type").asText()).toList();
        }
    }
}
