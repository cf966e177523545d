package io.switchboard.adapters.in.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.testing.TestClock;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topic dialect's frames without a server: fake use cases (small implementations of the in-ports) and a peer
 * that records what would go to the socket.
 */
class TopicFramesTest {
    private static final Caller ADA = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    private static final Caller BOB = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    private static final long GRACE_MS = 30_000;

    private final TestClock clock = TestClock.at("2026-01-02T03:04:05Z");
    private final Instant tokenExpiry = clock.now().plus(Duration.ofMinutes(10));
    private final RecordingPeer peer = new RecordingPeer();
    private final FakeSubscriptions subscriptions = new FakeSubscriptions();
    private final List<PublishToTopicUseCase.Command> published = new CopyOnWriteArrayList<>();
    private final Subscriber connection = delivery -> { };

    /** "ada" and "bob" are valid tokens; anything else is code 4. */
    private final AuthenticateUseCase authenticate = token -> switch (String.valueOf(token)) {
        case "ada" -> new VerifiedToken(ADA, tokenExpiry, 0);
        case "ada-later" -> new VerifiedToken(ADA, tokenExpiry.plus(Duration.ofHours(1)), 0);
        case "bob" -> new VerifiedToken(BOB, tokenExpiry, 0);
        default -> throw new Unauthorized("TOKEN_INVALID", "the token is not valid");
    };

    private final PublishToTopicUseCase publisher = command -> {
        published.add(command);
        return new PublishToTopicUseCase.Published(Topic.parse(command.topic()), Optional.of("m-1"));
    };

    private TopicFrames frames(int maxSubscriptions, VerifiedToken token) {
        WsSettings settings = new WsSettings(0, 0, 10_000, 0, 0, maxSubscriptions, 0, 0, 0, List.of(), GRACE_MS);
        return new TopicFrames(settings, new Metrics() { }, clock::now, authenticate, subscriptions, publisher,
                connection, peer, token);
    }

    private TopicFrames authenticated() {
        return frames(0, authenticate.authenticate("ada"));
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheId() {
        TopicFrames frames = frames(0, null);
        frames.onText("{\"type\":\"ping\",\"id\":\"p1\"}");
        JsonNode pong = peer.only();
        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("id").asText()).isEqualTo("p1");
        assertThat(pong.path("timestamp").asText()).isEqualTo("2026-01-02T03:04:05.000Z");
    }

    @Test
    void badFramesAreCodeOneAndTheConnectionStaysOpen() {
        TopicFrames frames = authenticated();
        frames.onText("{not json");
        frames.onText("[1]");
        frames.onText("{\"type\":\"dance\"}");
        frames.onText(null); // a binary frame
        frames.onText("{\"type\":\"ping\",\"id\":" + "\"" + "x".repeat(65) + "\"}");
        assertThat(peer.frames).extracting(f -> f.path("code").asInt()).containsOnly(1);
        assertThat(peer.frames).extracting(f -> f.path("reason").asText())
                .containsExactly("MALFORMED_JSON", "INVALID_FRAME", "UNKNOWN_TYPE", "INVALID_FRAME", "INVALID_ID");
        assertThat(peer.closes).isEmpty();
    }

    @Test
    void framesBeforeAuthAreCodeFourAndTheConnectionStaysOpen() {
        TopicFrames frames = frames(0, null);
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"news\",\"id\":\"s1\"}");
        JsonNode error = peer.only();
        assertThat(error.path("code").asInt()).isEqualTo(4);
        assertThat(error.path("reason").asText()).isEqualTo("AUTH_REQUIRED");
        assertThat(error.path("id").asText()).isEqualTo("s1");
        assertThat(peer.closes).isEmpty();
        assertThat(subscriptions.subscribed).isEmpty();
    }

    @Test
    void authSucceedsThenSubscribesEveryTopicAsTheConnection() {
        TopicFrames frames = frames(0, null);
        frames.onText("{\"type\":\"auth\",\"token\":\"ada\",\"id\":\"a1\"}");
        frames.onText("{\"type\":\"subscribe\",\"topics\":[\"news\",\"chat.*\"],\"id\":\"s1\"}");
        assertThat(peer.types()).containsExactly("auth_success", "subscribed", "subscribed");
        assertThat(peer.frames.get(0).path("userId").asText()).isEqualTo(ADA.id().toString());
        assertThat(peer.frames.get(0).path("expiresAt").asText()).isEqualTo("2026-01-02T03:14:05.000Z");
        assertThat(peer.frames.subList(1, 3)).extracting(f -> f.path("topic").asText())
                .containsExactly("news", "chat.*");
        assertThat(subscriptions.subscribed).containsExactly("news", "chat.*");
        assertThat(subscriptions.subscribers).containsOnly(connection);
        assertThat(frames.userId()).isEqualTo(ADA.id().toString());
    }

    @Test
    void aBadTokenInAnAuthFrameIsCodeFourThenClose1008() {
        TopicFrames frames = frames(0, null);
        frames.onText("{\"type\":\"auth\",\"token\":\"forged\"}");
        assertThat(peer.only().path("reason").asText()).isEqualTo("TOKEN_INVALID");
        assertThat(peer.closes).containsExactly(StatusCode.POLICY_VIOLATION);
    }

    @Test
    void anAuthFrameOverTheUsersConnectionCapIsCodeSevenThenClose1008() {
        TopicFrames frames = frames(0, null);
        peer.usersAtCap.add(ADA.id());
        frames.onText("{\"type\":\"auth\",\"token\":\"ada\",\"id\":\"a1\"}");
        JsonNode error = peer.only();
        assertThat(error.path("code").asInt()).isEqualTo(7);
        assertThat(error.path("reason").asText()).isEqualTo("TOO_MANY_USER_CONNECTIONS");
        assertThat(error.path("id").asText()).isEqualTo("a1");
        assertThat(peer.closes).containsExactly(StatusCode.POLICY_VIOLATION);
        assertThat(frames.userId()).isNull();
    }

    @Test
    void aRenewingAuthFrameClaimsNoSecondSlotAndAnUpgradeTokenGetsTheReadyFrame() {
        TopicFrames frames = frames(0, null);
        frames.onText("{\"type\":\"auth\",\"token\":\"ada\"}");
        peer.usersAtCap.add(ADA.id()); // the cap is reached by this very connection
        frames.onText("{\"type\":\"auth\",\"token\":\"ada-later\"}");
        assertThat(peer.types()).containsExactly("auth_success", "auth_success");
        assertThat(peer.closes).isEmpty();

        RecordingPeer other = new RecordingPeer();
        WsSettings settings = new WsSettings(0, 0, 10_000, 0, 0, 0, 0, 0, 0, List.of(), GRACE_MS);
        TopicFrames upgraded = new TopicFrames(settings, new Metrics() { }, clock::now, authenticate, subscriptions,
                publisher, connection, other, authenticate.authenticate("bob"));
        upgraded.onOpened(System.nanoTime());
        JsonNode ready = other.only();
        assertThat(ready.path("type").asText()).isEqualTo("auth_success");
        assertThat(ready.path("userId").asText()).isEqualTo(BOB.id().toString());
        assertThat(ready.path("expiresAt").asText()).isEqualTo("2026-01-02T03:14:05.000Z");
        assertThat(ready.has("id")).isFalse();
    }

    @Test
    void anotherUsersTokenCannotTakeOverTheConnection() {
        TopicFrames frames = authenticated();
        frames.onText("{\"type\":\"auth\",\"token\":\"bob\"}");
        assertThat(peer.only().path("reason").asText()).isEqualTo("TOKEN_USER_MISMATCH");
        assertThat(frames.userId()).isEqualTo(ADA.id().toString());
    }

    @Test
    void eachTopicOfOneFrameIsAnsweredOnItsOwn() {
        subscriptions.forbidden = "secret";
        TopicFrames frames = frames(2, authenticate.authenticate("ada"));
        frames.onText("{\"type\":\"subscribe\",\"topics\":[\"a\",\"secret\",\"b\",\"c\"]}");
        assertThat(peer.types()).containsExactly("subscribed", "error", "subscribed", "error");
        assertThat(peer.frames.get(1).path("code").asInt()).isEqualTo(5);
        assertThat(peer.frames.get(1).path("topic").asText()).isEqualTo("secret");
        assertThat(peer.frames.get(3).path("code").asInt()).isEqualTo(2);
        assertThat(peer.frames.get(3).path("reason").asText()).isEqualTo("SUBSCRIPTION_LIMIT");
        assertThat(peer.frames.get(3).path("topic").asText()).isEqualTo("c");
    }

    @Test
    void unsubscribeAnswersPerTopic() {
        TopicFrames frames = authenticated();
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"news\"}");
        frames.onText("{\"type\":\"unsubscribe\",\"topic\":\"news\",\"id\":\"u1\"}");
        assertThat(peer.types()).containsExactly("subscribed", "unsubscribed");
        assertThat(subscriptions.unsubscribed).containsExactly("news");
    }

    @Test
    void aMessageIsPublishedAsTheCallerAndAnswered() {
        TopicFrames frames = authenticated();
        frames.onText("{\"type\":\"message\",\"topic\":\"messages.channel.general\",\"content\":\"hi\","
                + "\"data\":{\"n\":1},\"id\":\"m1\"}");
        JsonNode reply = peer.only();
        assertThat(reply.path("type").asText()).isEqualTo("published");
        assertThat(reply.path("topic").asText()).isEqualTo("messages.channel.general");
        assertThat(reply.path("messageId").asText()).isEqualTo("m-1");
        assertThat(reply.path("id").asText()).isEqualTo("m1");
        assertThat(published).singleElement().satisfies(command -> {
            assertThat(command.caller()).isEqualTo(ADA);
            assertThat(command.content()).isEqualTo("hi");
            assertThat(command.data()).isEqualTo(java.util.Map.of("n", 1));
        });
    }

    @Test
    void aMessageWithoutATopicIsCodeTwo() {
        TopicFrames frames = authenticated();
        frames.onText("{\"type\":\"message\",\"content\":\"hi\"}");
        frames.onText("{\"type\":\"message\",\"topic\":\"t\",\"content\":5}");
        assertThat(peer.frames).extracting(f -> f.path("code").asInt()).containsExactly(2, 2);
        assertThat(published).isEmpty();
    }

    @Test
    void anExpiredTokenGetsTheGraceThenClose1008() {
        TopicFrames frames = authenticated();
        long now = 1_000_000_000L;
        frames.onTick(now);
        assertThat(peer.frames).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        frames.onTick(now);
        assertThat(peer.only().path("reason").asText()).isEqualTo("TOKEN_EXPIRED");
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"news\"}");
        assertThat(peer.frames.get(1).path("reason").asText()).isEqualTo("TOKEN_EXPIRED");
        frames.onTick(now + WsConnection.millisToNanos(GRACE_MS) + 1);
        assertThat(peer.closes).containsExactly(StatusCode.POLICY_VIOLATION);
    }

    @Test
    void aFreshTokenWithinTheGraceRenewsTheConnection() {
        TopicFrames frames = authenticated();
        clock.advance(Duration.ofMinutes(10));
        frames.onTick(0);
        frames.onText("{\"type\":\"auth\",\"token\":\"ada-later\"}");
        frames.onTick(WsConnection.millisToNanos(GRACE_MS) + 1);
        assertThat(peer.types()).containsExactly("error", "auth_success");
        assertThat(peer.closes).isEmpty();
    }

    @Test
    void anUnauthenticatedConnectionIsClosedAtTheAuthTimeout() {
        TopicFrames frames = frames(0, null);
        frames.onOpened(0);
        frames.onTick(WsConnection.millisToNanos(10_000) - 1);
        assertThat(peer.closes).isEmpty();
        frames.onTick(WsConnection.millisToNanos(10_000) + 1);
        assertThat(peer.closes).containsExactly(StatusCode.POLICY_VIOLATION);
    }

    @Test
    void releasingDropsEverySubscriptionOfTheConnection() {
        TopicFrames frames = authenticated();
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"news\"}");
        frames.onReleased();
        assertThat(subscriptions.droppedAll).containsExactly(connection);
    }

    @Test
    void tooManyFramesIsCodeSevenWithRetryAfter() {
        authenticated().sendRateLimited(3);
        JsonNode error = peer.only();
        assertThat(error.path("code").asInt()).isEqualTo(7);
        assertThat(error.path("details").path("retryAfterSeconds").asLong()).isEqualTo(3);
    }

    /** What would go to the socket, as JSON. */
    private static final class RecordingPeer implements TopicFrames.Peer {
        final List<JsonNode> frames = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();
        /** Users at their WS_MAX_CONNECTIONS_PER_USER cap; the user this connection counts for, once claimed. */
        final Set<UserId> usersAtCap = new java.util.HashSet<>();
        final List<UserId> claims = new ArrayList<>();
        UserId claimed;

        @Override
        public void send(String text, String type) {
            JsonNode frame = Json.parse(text);
            assertThat(frame.path("type").asText()).isEqualTo(type);
            frames.add(frame);
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code);
        }

        @Override
        public boolean isReleased() {
            return false;
        }

        @Override
        public boolean claimUser(UserId user) {
            claims.add(user);
            if (claimed != null) {
                return claimed.equals(user);
            }
            if (usersAtCap.contains(user)) {
                return false;
            }
            claimed = user;
            return true;
        }

        JsonNode only() {
            assertThat(frames).hasSize(1);
            return frames.get(0);
        }

        List<String> types() {
            return frames.stream().map(f -> f.path("type").asText()).toList();
        }
    }

}
