package io.switchboard.adapters.out.redis;

import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lettuce re-sends a command that was in flight when the connection broke, so Redis may run a write script twice.
 * The second run of the very same write must answer like the first (RedisConnection's javadoc), while a different
 * write still conflicts.
 */
class RedisRepeatedWriteTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.000Z");
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final String prefix = RedisServerFixture.newKeyPrefix();

    @Test
    void aRepeatedUserInsertSucceedsAndAnotherUserWithTheEmailStillConflicts() {
        UserRepository users = RedisAdapters.userRepository(REDIS.connection(), prefix);
        User ada = new User(new UserId(UUID.randomUUID()), new Email("ada@example.com"), "Ada", "hash",
                Set.of(Role.USER), T0, T0);

        users.insert(ada);
        users.insert(ada);

        assertThat(users.findByEmail(ada.email())).contains(ada);
        assertThatThrownBy(() -> users.insert(ada.withName("Someone Else", T0))).isInstanceOf(Conflict.class);
    }

    @Test
    void aRepeatedMessageInsertStoresOneMessage() {
        MessageRepository messages = RedisAdapters.messageRepository(REDIS.connection(), prefix);
        Message hello = new Message(new MessageId(UUID.randomUUID()), new UserId(UUID.randomUUID()), "hello", null,
                new ChannelId("general"), T0, T0);

        messages.insert(hello);
        messages.insert(hello);

        UserId anybody = new UserId(UUID.randomUUID());
        assertThat(messages.list(new io.switchboard.domain.user.Caller(anybody, Set.of(Role.USER)), null, null,
                new PageRequest(1, 10)).items()).containsExactly(hello);
        assertThatThrownBy(() -> messages.insert(hello.withContent("other", T0)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRepeatedCompareAndSetSucceedsAndAStaleOneStillFails() {
        RedisSessionStore sessions = (RedisSessionStore) RedisAdapters.sessionStore(REDIS.connection(), prefix,
                new TestClock(T0), Duration.ofHours(1));
        SessionState pending = SessionTransitions.create(new SessionSpec(null, SyncMode.GLOBAL,
                List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b")), 60_000L, null, null, null, null, null),
                new SessionId(UUID.randomUUID()), new UserId(UUID.randomUUID()), T0);
        sessions.create(pending, "create-1");
        sessions.create(pending, "create-1"); // re-sent by the client library after a reconnect
        SessionState running = SessionTransitions.start(pending, T0).after();

        assertThat(sessions.compareAndSet(1, running, "write-1")).isTrue();
        assertThat(sessions.compareAndSet(1, running, "write-1")).isTrue(); // re-sent

        assertThat(sessions.compareAndSet(1, SessionTransitions.start(pending, T0.plusMillis(1)).after(), "write-2"))
                .isFalse();
        assertThat(sessions.get(pending.sessionId())).contains(running);
    }

    @Test
    void twoWritersComputingTheSameNextStateAreTwoWritesAndOnlyOneWins() {
        SessionStore sessions = RedisAdapters.sessionStore(REDIS.connection(), prefix, new TestClock(T0), Duration.ofHours(1));
        SessionState pending = SessionTransitions.create(new SessionSpec(null, SyncMode.GLOBAL,
                List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b")), 60_000L, null, null, null, null, null),
                new SessionId(UUID.randomUUID()), new UserId(UUID.randomUUID()), T0);
        sessions.create(pending);
        assertThatThrownBy(() -> sessions.create(pending)).isInstanceOf(Conflict.class);
        SessionState running = SessionTransitions.start(pending, T0).after();

        assertThat(sessions.compareAndSet(1, running)).isTrue();
        assertThat(sessions.compareAndSet(1, running)).isFalse();
    }
}
