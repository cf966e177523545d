package io.switchboard.application.service.publish;

import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.application.port.in.publish.BroadcastUseCase;
import io.switchboard.application.port.in.publish.PublishUseCase;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.publish.PublishOutcome;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.testing.TestClock;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.PayloadTooLarge;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.publish.ServerCaller;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerPublishServiceTest {
    private static final ServerCaller KEY = new ServerCaller.ApiKey("notifier");
    private static final RawJson DATA = new RawJson("{\"n\":1}");

    private final List<Publication> published = new ArrayList<>();
    private final MapIdempotency idempotency = new MapIdempotency();
    private final Caller user = new Caller(UserId.parse(UUID.randomUUID().toString()), Set.of(Role.USER));
    private final ServerPublishService service = new ServerPublishService(
            token -> new VerifiedToken(user, Instant.MAX), secret -> secret.equals("right") ? Optional.of("notifier")
                    : Optional.empty(), new RecordingPubSub(), topic -> new SubscriberCount(0, 0), idempotency,
            TestClock.at("2026-01-01T00:00:00Z"), 100);

    @Test
    void aKeyIsKnownByItsSecret_aUserWhoIsNoAdminIsForbidden() {
        assertThat(service.withApiKey("right")).isEqualTo(KEY);
        assertThatThrownBy(() -> service.withApiKey("wrong")).isInstanceOf(Unauthorized.class)
                .hasFieldOrPropertyWithValue("reason", "API_KEY_INVALID");
        assertThatThrownBy(() -> service.withToken("t")).isInstanceOf(Forbidden.class)
                .hasFieldOrPropertyWithValue("reason", "NOT_ALLOWED");
    }

    @Test
    void aBroadcastSharesOneDataValue_andJudgesEachTopicAlone() {
        PublishOutcome outcome = service.broadcast(new BroadcastUseCase.Command(KEY,
                List.of("public.a", "public.*", "sessions.s", "public.b", "public.a"), null, DATA, null));

        assertThat(outcome.results()).extracting(PublishOutcome.TopicResult::isPublished)
                .containsExactly(true, false, false, true, false);
        assertThat(outcome.results().get(2).error().reason()).isEqualTo("TOPIC_RESERVED");
        assertThat(published).extracting(p -> p.topic().value()).containsExactly("public.a", "public.b");
        assertThat(published).allSatisfy(p -> {
            assertThat(p.data()).isSameAs(DATA);
            assertThat(p.eventType()).isEqualTo("server.message");
        });
    }

    @Test
    void aRepeatedKeyGetsTheFirstAnswerAndPublishesNothing_whileRunningItIsAConflict() {
        PublishUseCase.Command command = new PublishUseCase.Command(KEY, "public.a", "e.v", DATA, "k1");
        service.publish(command);
        service.publish(command);
        assertThat(published).hasSize(1);

        idempotency.claim(KEY.scope(), "k2"); // another request holds it
        assertThatThrownBy(() -> service.publish(new PublishUseCase.Command(KEY, "public.a", null, DATA, "k2")))
                .isInstanceOf(Conflict.class).hasFieldOrPropertyWithValue("reason", "IDEMPOTENCY_IN_PROGRESS");
        assertThat(published).hasSize(1);
    }

    @Test
    void refusedRequestsStoreNothing_andPublishNothing() {
        assertThatThrownBy(() -> service.publish(new PublishUseCase.Command(KEY, "sessions.x", null, DATA, "k")))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> service.publish(new PublishUseCase.Command(KEY, "public.x", null,
                new RawJson("\"" + "x".repeat(99) + "\""), "k"))).isInstanceOf(PayloadTooLarge.class);
        assertThatThrownBy(() -> new PublishUseCase.Command(KEY, "public.x", "bad type", null, "k".repeat(65)))
                .isInstanceOf(ValidationFailed.class)
                .satisfies(e -> assertThat(((ValidationFailed) e).errors()).hasSize(3));
        assertThat(idempotency.entries).isEmpty();
        assertThat(published).isEmpty();
    }

    private final class RecordingPubSub implements PubSub {
        @Override
        public void publish(Publication publication) {
            published.add(publication);
        }

        @Override
        public void publishAll(List<Publication> publications) {
            published.addAll(publications);
        }

        @Override
        public boolean subscribe(TopicPattern pattern, Subscriber subscriber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean unsubscribe(TopicPattern pattern, Subscriber subscriber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<TopicPattern> unsubscribeAll(Subscriber subscriber) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int subscriptionCount() {
            return 0;
        }
    }

    /** Never expires: windows are the stores' business (their contract test). */
    private static final class MapIdempotency implements IdempotencyStore {
        final Map<String, Optional<PublishOutcome>> entries = new HashMap<>();

        @Override
        public Claim claim(String scope, String key) {
            Optional<PublishOutcome> entry = entries.get(scope + "|" + key);
            if (entry == null) {
                entries.put(scope + "|" + key, Optional.empty());
                return new Claim.Granted();
            }
            return entry.<Claim>map(Claim.Answered::new).orElseGet(Claim.InProgress::new);
        }

        @Override
        public void answer(String scope, String key, PublishOutcome outcome) {
            entries.put(scope + "|" + key, Optional.of(outcome));
        }

        @Override
        public void release(String scope, String key) {
            entries.remove(scope + "|" + key);
        }
    }
}
