package io.switchboard.adapters.in.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.RecoverTopicUseCase;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.testing.TestClock;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-over of a subscribe with recovery, without a server: deliveries that land while the history is read are
 * held, and go out after the replay without what the replay already had.
 */
class TopicRecoveryFramesTest {
    private static final Caller ADA = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    private static final Topic TOPIC = Topic.parse("public.room");
    private static final String EPOCH = "e1";

    private final TestClock clock = TestClock.at("2026-01-02T03:04:05Z");
    private final List<JsonNode> sent = new ArrayList<>();
    private final AtomicReference<TopicFrames> frames = new AtomicReference<>();
    private final List<String> unsubscribed = new ArrayList<>();
    /** The connection as the pub/sub sees it: held deliveries stay in the frames, the rest is sent. */
    private final Subscriber connection = delivery -> {
        if (!frames.get().holds(delivery)) {
            sent.add(Json.parse(delivery.topicFrame()));
        }
    };

    private Publication at(long offset) {
        return new Publication(TOPIC, "client.message", Map.of("n", offset), clock.now())
                .at(new StreamPosition(offset, EPOCH));
    }

    private Delivery delivery(long offset) {
        return new Delivery(at(offset), Json::write);
    }

    private TopicFrames frames(RecoverTopicUseCase recover) {
        SubscribeTopicUseCase subscriptions = new SubscribeTopicUseCase() {
            @Override
            public TopicPattern subscribe(Caller caller, String pattern, Subscriber subscriber) {
                return TopicPattern.parse(pattern);
            }

            @Override
            public boolean unsubscribe(String pattern, Subscriber subscriber) {
                unsubscribed.add(pattern);
                return true;
            }

            @Override
            public void unsubscribeAll(Subscriber subscriber) {
            }
        };
        PublishToTopicUseCase publisher = command -> {
            throw new AssertionError("not used");
        };
        WsSettings settings = new WsSettings(0, 0, 10_000, 0, 0, 0, 0, 0, 0, List.of(), 30_000);
        TopicFrames made = new TopicFrames(settings, new Metrics() { }, clock::now, token -> null, subscriptions,
                publisher, recover, connection, new TopicFrames.Peer() {
                    @Override
                    public void send(String text, String type) {
                        sent.add(Json.parse(text));
                    }

                    @Override
                    public void close(int code, String reason) {
                        throw new AssertionError("closed " + code);
                    }

                    @Override
                    public boolean isReleased() {
                        return false;
                    }

                    @Override
                    public boolean claimUser(UserId user) {
                        return true;
                    }
                }, new VerifiedToken(ADA, clock.now().plus(Duration.ofHours(1)), 0), TopicFrames.Rooms.NONE);
        frames.set(made);
        return made;
    }

    @Test
    void publicationsLandingDuringTheHistoryReadComeAfterTheReplayWithoutDuplicates() {
        // The client saw offset 1. While the history is read, offsets 3 and 4 are published live; the read sees up
        // to 3 (it ran between the two publishes).
        TopicFrames frames = frames((caller, pattern, since) -> {
            connection.deliver(delivery(3));
            connection.deliver(delivery(4));
            return new RecoverTopicUseCase.Recovery(true, null, new StreamPosition(3, EPOCH), List.of(at(2), at(3)));
        });
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"public.room\",\"since\":{\"offset\":1,\"epoch\":\"e1\"}}");
        connection.deliver(delivery(5)); // live, after the hand-over

        assertThat(sent.get(0).path("type").asText()).isEqualTo("subscribed");
        assertThat(sent.get(0).path("recovered").asBoolean()).isTrue();
        assertThat(sent.get(0).path("offset").asLong()).isEqualTo(3);
        assertThat(sent.get(0).path("epoch").asText()).isEqualTo(EPOCH);
        assertThat(sent.subList(1, sent.size())).extracting(f -> f.path("offset").asLong())
                .containsExactly(2L, 3L, 4L, 5L);
        assertThat(sent.subList(1, sent.size())).extracting(f -> f.path("epoch").asText()).containsOnly(EPOCH);
    }

    @Test
    void aFailedRecoveryReplaysNothingSaysWhyAndStillDeliversWhatWasHeld() {
        TopicFrames frames = frames((caller, pattern, since) -> {
            connection.deliver(delivery(7));
            return RecoverTopicUseCase.Recovery.failed("epoch_changed", new StreamPosition(7, EPOCH));
        });
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"public.room\",\"since\":{\"offset\":1,\"epoch\":\"old\"}}");

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).path("recovered").asBoolean()).isFalse();
        assertThat(sent.get(0).path("reason").asText()).isEqualTo("epoch_changed");
        assertThat(sent.get(1).path("offset").asLong()).isEqualTo(7);
    }

    @Test
    void aHistoryStoreThatCannotAnswerIsCode55AndLeavesNoSubscription() {
        TopicFrames frames = frames((caller, pattern, since) -> {
            connection.deliver(delivery(3));
            throw new io.switchboard.domain.failure.ServiceUnavailable("STORE_UNAVAILABLE", "Redis is away");
        });
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"public.room\",\"since\":{\"offset\":1,\"epoch\":\"e1\"}}");
        assertThat(sent.get(0).path("type").asText()).isEqualTo("error");
        assertThat(sent.get(0).path("code").asInt()).isEqualTo(55);
        assertThat(sent.get(0).path("topic").asText()).isEqualTo("public.room");
        assertThat(unsubscribed).containsExactly("public.room");
    }

    @Test
    void aMalformedSinceIsCodeTwoAndSubscribesNothing() {
        TopicFrames frames = frames((caller, pattern, since) -> {
            throw new AssertionError("not reached");
        });
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"public.room\",\"since\":{\"offset\":\"x\",\"epoch\":1}}");
        frames.onText("{\"type\":\"subscribe\",\"topic\":\"public.room\",\"since\":[]}");
        assertThat(sent).extracting(f -> f.path("code").asInt()).containsExactly(2, 2);
    }
}
