package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.service.presence.PresenceService;
import io.switchboard.application.service.topic.TopicPolicy;
import io.switchboard.application.testing.TestClock;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscribe racing its connection's close: the close may remove the connection's subscriptions before the
 * subscribe adds its presence entry. The entry must not outlive the connection (it would be refreshed by this
 * instance's heartbeat for as long as the instance lives).
 */
class PresenceCloseRaceTest {
    private static final Caller ADA = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    private static final Topic ROOM = Topic.parse("public.room");

    private final TestClock clock = TestClock.at("2026-01-02T03:04:05Z");
    private final PresenceStore store = InMemoryAdapters.presenceStore();
    private final PresenceService presence = new PresenceService(store,
            InMemoryPubSubAdapters.pubSub(JsonAdapters.frameEncoder(), new Metrics() { }),
            new TopicPolicy(), InMemoryAdapters.userRepository(), clock::now,
            new PresenceService.Settings(List.of(TopicPattern.parse("public.**")), 30_000, 1000), "instance-1");
    private final Subscriber connection = delivery -> { };

    @Test
    void aCloseThatRemovedTheSubscriptionsBeforeTheSubscribeAddedItsEntryStillEndsThePresence() {
        // The close ran first: the hub had the subscription and gave it back, presence had nothing yet.
        presence.released(connection, Set.of(ROOM.asPattern()));
        // The subscribe's presence step runs late, then sees the connection released and drops everything it has
        // (the hub gives back no patterns any more).
        presence.subscribed(ADA, ROOM.asPattern(), connection);
        presence.released(connection, Set.of());

        assertThat(store.list(ROOM, 100).total()).isZero();
    }

    @Test
    void anOrdinaryCloseEndsThePresence() {
        presence.subscribed(ADA, ROOM.asPattern(), connection);
        assertThat(store.list(ROOM, 100).total()).isEqualTo(1);

        presence.released(connection, Set.of(ROOM.asPattern()));

        assertThat(store.list(ROOM, 100).total()).isZero();
    }
}
