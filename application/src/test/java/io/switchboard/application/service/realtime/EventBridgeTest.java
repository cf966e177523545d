package io.switchboard.application.service.realtime;

import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.SessionUpdate;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.view.SessionViews;
import io.switchboard.application.view.Views;
import io.switchboard.domain.event.DomainEvent;
import io.switchboard.domain.event.MessageEvent;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.event.UserEvent;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final UserId ALICE = new UserId(UUID.fromString("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"));
    private static final UserId BOB = new UserId(UUID.fromString("bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"));
    private static final UserId CAROL = new UserId(UUID.fromString("cccccccc-cccc-cccc-cccc-cccccccccccc"));

    private final RecordingPubSub pubSub = new RecordingPubSub();
    private final EventBridge bridge = new EventBridge(pubSub, () -> NOW);

    @ParameterizedTest
    @EnumSource(MessageEvent.Kind.class)
    void givenAChannelMessageWithARecipient_publish_goesToChannelSenderAndRecipient(MessageEvent.Kind kind) {
        Message message = message(ALICE, BOB, "general");

        bridge.publish(new MessageEvent(kind, message));

        assertThat(pubSub.topics()).containsExactly(
                "messages.channel.general", "messages.user." + ALICE, "messages.user." + BOB);
        assertThat(pubSub.published).allSatisfy(p -> {
            assertThat(p.eventType()).isEqualTo(new MessageEvent(kind, message).type());
            assertThat(p.data()).isEqualTo(Views.message(message));
            assertThat(p.timestamp()).isEqualTo(NOW);
        });
    }

    @Test
    void givenADirectMessage_publish_goesToSenderAndRecipientButNotToAThirdUser() {
        bridge.publish(new MessageEvent(MessageEvent.Kind.SENT, message(ALICE, BOB, null)));

        assertThat(pubSub.topics()).containsExactly("messages.user." + ALICE, "messages.user." + BOB);
        assertThat(pubSub.topics()).doesNotContain("messages.user." + CAROL);
        assertThat(pubSub.published).extracting(Publication::eventType).containsOnly("message.sent");
    }

    @Test
    void givenADirectMessageToSelf_publish_goesOnceToTheSendersTopic() {
        bridge.publish(new MessageEvent(MessageEvent.Kind.SENT, message(ALICE, ALICE, null)));

        assertThat(pubSub.topics()).containsExactly("messages.user." + ALICE);
    }

    @Test
    void givenAChannelMessage_publish_goesToChannelAndSender() {
        bridge.publish(new MessageEvent(MessageEvent.Kind.DELETED, message(ALICE, null, "random")));

        assertThat(pubSub.topics()).containsExactly("messages.channel.random", "messages.user." + ALICE);
        assertThat(pubSub.published).extracting(Publication::eventType).containsOnly("message.deleted");
    }

    @ParameterizedTest
    @EnumSource(UserEvent.Kind.class)
    void givenAUserEvent_publish_goesToTheUsersTopicWithThePublicView(UserEvent.Kind kind) {
        PublicUser user = new PublicUser(BOB, new Email("bob@example.com"), "Bob", Set.of(Role.USER), NOW, NOW);

        bridge.publish(new UserEvent(kind, user));

        assertThat(pubSub.published).singleElement().satisfies(p -> {
            assertThat(p.topic().value()).isEqualTo("users." + BOB);
            assertThat(p.eventType()).isEqualTo(new UserEvent(kind, user).type()).startsWith("user.");
            assertThat(p.data()).isEqualTo(Views.user(user));
            assertThat(Map.copyOf((Map<?, ?>) p.data()).toString()).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("hash");
        });
    }

    @Test
    void sessionPublicationsGoToTheSessionsTopicWithATypedUpdate() {
        SessionSpec spec = new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("a")), 60_000L, null,
                null, null, null, null);
        SessionState created = SessionTransitions.create(spec, new SessionId(UUID.randomUUID()), ALICE, NOW);
        SessionState started = SessionTransitions.start(created, NOW.plusSeconds(1)).after();

        bridge.publish(SessionEvent.updated(started, SessionEventType.STARTED));

        assertThat(pubSub.published).singleElement().satisfies(publication -> {
            assertThat(publication.topic()).isEqualTo(Topic.parse("sessions." + started.sessionId()));
            assertThat(publication.eventType()).isEqualTo("session.updated");
            assertThat(publication.data()).isEqualTo(new SessionUpdate(started.sessionId().toString(),
                    started.version(), SessionViews.state(started, NOW), "STARTED"));
            assertThat(publication.dataTree()).isEqualTo(Map.of("state", SessionViews.state(started, NOW),
                    "event", "STARTED"));
            assertThat(publication.timestamp()).isEqualTo(NOW);
        });
    }

    @Test
    void messagePublicationsAreOrderedByTheMessagesVersion_andItsDeletionComesLast() {
        Message sent = message(ALICE, BOB, "general");
        Message edited = sent.withContent("again", NOW);

        bridge.publish(new MessageEvent(MessageEvent.Kind.UPDATED, edited));
        bridge.publish(new MessageEvent(MessageEvent.Kind.DELETED, edited));

        String key = "message:" + sent.id();
        assertThat(pubSub.published.subList(0, 3)).extracting(Publication::ordering)
                .containsOnly(new Publication.Ordering(key, 2));
        assertThat(pubSub.published.subList(3, 6)).extracting(Publication::ordering)
                .containsOnly(new Publication.Ordering(key, Publication.Ordering.LAST));
    }

    @Test
    void sessionPublicationsAreOrderedByVersionPerIncarnation_andTheDeletionComesLast() {
        SessionSpec spec = new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("a")), 60_000L, null,
                null, null, null, null);
        SessionState created = SessionTransitions.create(spec, new SessionId(UUID.randomUUID()), ALICE, NOW);
        SessionState started = SessionTransitions.start(created, NOW.plusSeconds(1)).after();

        bridge.publish(SessionEvent.updated(started, SessionEventType.STARTED));
        bridge.publish(SessionEvent.deleted(started));

        String key = "session:" + created.sessionId() + "@" + NOW.toEpochMilli();
        assertThat(pubSub.published).extracting(Publication::ordering).containsExactly(
                new Publication.Ordering(key, 2), new Publication.Ordering(key, Publication.Ordering.LAST));
    }

    @Test
    void givenAnEventWithoutARoute_publish_failsLoudly() {
        DomainEvent unknown = () -> "something.new";

        assertThatThrownBy(() -> bridge.publish(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("something.new");
        assertThat(pubSub.published).isEmpty();
    }

    private static Message message(UserId sender, UserId recipient, String channel) {
        return new Message(new MessageId(UUID.randomUUID()), sender, "hello", recipient,
                channel == null ? null : new ChannelId(channel), NOW, NOW);
    }

    /** Records publications; subscriptions are not this test's concern. */
    private static final class RecordingPubSub implements PubSub {
        final List<Publication> published = new ArrayList<>();

        List<String> topics() {
            return published.stream().map(p -> p.topic().value()).toList();
        }

        @Override
        public void publish(Publication publication) {
            published.add(publication);
        }

        @Override
        public int subscriptionCount() {
            return 0;
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
    }
}
