package io.switchboard.adapters.out.redis;

import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Redis goes away and comes back: every store call fails fast with STORE_UNAVAILABLE instead of hanging or
 * answering wrongly, the connection recovers on its own, and (with an fsync-always append-only file) every write
 * acknowledged before the crash is still there.
 */
class RedisOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** A refused call may take the command timeout (a command in flight when Redis died) plus scheduling noise. */
    private static final Duration FAIL_FAST = TIMEOUT.plusSeconds(1);
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.000Z");

    private static RedisServerFixture redis;
    private static RedisConnection connection;

    private final TestClock clock = new TestClock(T0);
    private final String prefix = RedisServerFixture.newKeyPrefix();

    @BeforeAll
    static void startRedis() {
        redis = RedisServerFixture.startPersistent();
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL is an external Redis, which this test cannot stop");
        connection = RedisAdapters.connect(redis.url(), TIMEOUT);
    }

    @AfterAll
    static void stopRedis() {
        RedisTesting.closeAll(connection, redis);
    }

    @Test
    void whileRedisIsDownEveryCallFailsFastAndAfterARestartAcknowledgedWritesAreThere() {
        UserRepository users = RedisAdapters.userRepository(connection, prefix);
        MessageRepository messages = RedisAdapters.messageRepository(connection, prefix);
        SessionStore sessions = RedisAdapters.sessionStore(connection, prefix, clock, Duration.ofHours(1));
        SwitchRateLimiter limiter = RedisAdapters.switchRateLimiter(connection, prefix, 10);

        User ada = new User(new UserId(UUID.randomUUID()), new Email("ada@example.com"), "Ada", "hash",
                Set.of(Role.USER), T0, T0);
        users.insert(ada);
        Message hello = new Message(new MessageId(UUID.randomUUID()), ada.id(), "hello", null,
                new ChannelId("general"), T0, T0);
        messages.insert(hello);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("round", 3);
        SessionState pending = SessionTransitions.create(new SessionSpec(null, SyncMode.GLOBAL,
                List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b")), 60_000L, null, null, null, null,
                metadata), new SessionId(UUID.randomUUID()), ada.id(), T0);
        sessions.create(pending);
        SessionState running = SessionTransitions.start(pending, T0).after();
        assertThat(sessions.compareAndSet(pending.version(), running)).isTrue();

        redis.kill();

        Caller viewer = ada.asCaller();
        SessionState switched = SessionTransitions.switchCycle(running, null, T0.plusMillis(10)).after();
        List<Executable> calls = List.of(
                connection::ping,
                () -> users.findById(ada.id()),
                () -> users.findByEmail(ada.email()),
                () -> users.insert(new User(new UserId(UUID.randomUUID()), new Email("bob@example.com"), "Bob",
                        "hash", Set.of(Role.USER), T0, T0)),
                () -> users.update(ada.withName("Ada King", T0).nextVersion(), 0),
                () -> users.delete(ada.id()),
                () -> messages.findById(hello.id()),
                () -> messages.list(viewer, null, null, new PageRequest(1, 20)),
                () -> messages.insert(new Message(new MessageId(UUID.randomUUID()), ada.id(), "lost?", ada.id(),
                        null, T0, T0)),
                () -> messages.update(hello.withContent("edited", T0)),
                () -> messages.delete(hello.id()),
                () -> sessions.get(running.sessionId()),
                () -> sessions.compareAndSet(running.version(), switched),
                () -> sessions.delete(running.sessionId(), running.version()),
                () -> sessions.dueBy(T0.plusSeconds(3600), 10),
                sessions::nextDeadline,
                () -> sessions.purgeIdle(T0, 10),
                () -> limiter.tryAcquire(running.sessionId(), T0));
        for (Executable call : calls) {
            long start = System.nanoTime();
            assertThatThrownBy(call::execute).isInstanceOfSatisfying(ServiceUnavailable.class,
                    e -> assertThat(e.reason()).isEqualTo("STORE_UNAVAILABLE"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
        }

        redis.restart();
        awaitPing(Duration.ofSeconds(15));

        assertThat(users.findById(ada.id())).contains(ada);
        assertThat(users.findByEmail(ada.email())).contains(ada);
        assertThat(messages.findById(hello.id())).contains(hello);
        assertThat(messages.list(viewer, null, null, new PageRequest(1, 20)).items()).containsExactly(hello);
        assertThat(sessions.get(running.sessionId())).contains(running);
        assertThat(sessions.nextDeadline()).contains(T0.plusMillis(60_000));
        assertThat(sessions.compareAndSet(running.version(), switched)).isTrue(); // no refused write got through
        assertThat(sessions.get(running.sessionId())).contains(switched);
        assertThat(users.delete(ada.id())).isTrue();
    }

    @Test
    void connectingWhileRedisIsUnreachableIsServiceUnavailable() throws IOException {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = socket.getLocalPort();
        }

        long start = System.nanoTime();
        assertThatThrownBy(() -> RedisAdapters.connect("redis://127.0.0.1:" + nobody, TIMEOUT))
                .isInstanceOfSatisfying(ServiceUnavailable.class,
                        e -> assertThat(e.reason()).isEqualTo("STORE_UNAVAILABLE"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST.plusSeconds(2));
    }

    private static void awaitPing(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                connection.ping();
                return;
            } catch (ServiceUnavailable notYet) {
                if (System.nanoTime() > deadline) {
                    fail("the connection did not recover within " + within);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }
}
