package io.switchboard.bootstrap.history;

import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.memory.InMemoryPubSubAdapters;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.in.realtime.RecoverTopicUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.service.history.HistoryService;
import io.switchboard.application.service.topic.TopicPolicy;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pattern recovery replays only what the caller may read <em>now</em> (HistoryService's read-rights hook, the
 * application's topic policy): an admin who subscribed to {@code messages.user.*} and lost the admin role meanwhile
 * recovers their own topic, including one created while away, and not another user's.
 */
class PatternRecoveryRightsTest {
    @Test
    void aWildcardRecoveryLeavesOutTopicsTheCallerMayNoLongerRead() {
        java.util.concurrent.atomic.AtomicReference<Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-03-04T05:06:07Z"));
        io.switchboard.application.port.out.Clock clock = now::get;
        HistorySettings settings = HistorySettings.defaults();
        PubSub pubSub = InMemoryPubSubAdapters.pubSub(JsonAdapters.frameEncoder(), Metrics.NONE, settings, clock);
        TopicPolicy policy = new TopicPolicy();
        HistoryService history = new HistoryService(InMemoryPubSubAdapters.history(pubSub), pubSub, policy, settings);
        UserId self = new UserId(UUID.randomUUID());
        UserId other = new UserId(UUID.randomUUID());
        Caller asAdmin = new Caller(self, Set.of(Role.USER, Role.ADMIN));
        Caller roleRemoved = new Caller(self, Set.of(Role.USER));
        TopicPattern pattern = TopicPattern.parse("messages.user.*");
        assertThat(policy.canSubscribe(asAdmin, pattern)).isTrue(); // the subscription was allowed then

        Instant away = clock.now();
        now.set(now.get().plusMillis(5));
        pubSub.publish(new Publication(Topic.parse("messages.user." + other), "message.sent", Map.of("n", 1),
                clock.now()));
        now.set(now.get().plusMillis(5));
        pubSub.publish(new Publication(Topic.parse("messages.user." + self), "message.sent", Map.of("n", 2),
                clock.now()));

        RecoverTopicUseCase.Recovery asAdminThen = history.recover(asAdmin, pattern,
                new RecoverTopicUseCase.Since.Pattern(away, Map.of()));
        RecoverTopicUseCase.Recovery afterRemoval = history.recover(roleRemoved, pattern,
                new RecoverTopicUseCase.Since.Pattern(away, Map.of()));

        assertThat(asAdminThen.publications()).hasSize(2);
        assertThat(afterRemoval.recovered()).isTrue();
        assertThat(afterRemoval.publications()).extracting(p -> p.topic().value())
                .containsExactly("messages.user." + self);
    }
}
