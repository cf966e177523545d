package io.switchboard.bootstrap.session;

import io.switchboard.adapters.in.timer.SessionExpiryScheduler;
import io.switchboard.adapters.out.memory.InMemorySessionAdapters;

import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.SessionCommand;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.service.session.SessionExpiryService;
import io.switchboard.application.service.session.SessionSyncService;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.session.ActionOnTimeout;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.session.SyncStatus;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduler on the real clock: expiries land within 100 ms of their deadline, once. */
class SessionExpirySchedulerTest {
    record Arrival(SessionState state, long atMillis) {
    }

    final Clock clock = () -> Instant.ofEpochMilli(System.currentTimeMillis());
    final SessionStore store = InMemorySessionAdapters.sessionStore(clock, Duration.ofHours(1));
    final List<Arrival> expiries = new CopyOnWriteArrayList<>();
    final CountDownLatch firstExpiry = new CountDownLatch(1);
    final CountDownLatch secondExpiry = new CountDownLatch(2);
    final EventPublisher events = event -> {
        SessionEvent e = (SessionEvent) event;
        if (e.event() == SessionEventType.TIME_EXPIRED) {
            expiries.add(new Arrival(e.state(), System.currentTimeMillis()));
            firstExpiry.countDown();
            secondExpiry.countDown();
        }
    };
    final SessionSyncService sessions = new SessionSyncService(store, InMemorySessionAdapters.switchRateLimiter(0),
            events, clock, UUID::randomUUID, Metrics.NONE);
    final Caller owner = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    /** Two instances sharing one store, each with its own scheduler. */
    final SessionExpiryScheduler instanceA = new SessionExpiryScheduler(
            new SessionExpiryService(store, events, clock, Metrics.NONE), clock);
    final SessionExpiryScheduler instanceB = new SessionExpiryScheduler(
            new SessionExpiryService(store, events, clock, Metrics.NONE), clock);

    @AfterEach
    void stop() {
        instanceA.close();
        instanceB.close();
    }

    SessionState startSession(SyncMode mode, ActionOnTimeout action, long totalMs, String... participants) {
        SessionSpec spec = new SessionSpec(null, mode, List.of(participants).stream().map(ParticipantSpec::of).toList(),
                totalMs, null, null, null, action, null);
        SessionState created = sessions.create(new CreateSessionUseCase.Command(owner, spec));
        return sessions.start(SessionCommand.of(owner, created.sessionId()));
    }

    @Test
    void aOneAndAHalfSecondClockExpiresWithinOneHundredMillisecondsOfItsDeadlineExactlyOnce() throws Exception {
        instanceA.start();
        instanceB.start();
        SessionState s = startSession(SyncMode.GLOBAL, ActionOnTimeout.END_SESSION, 1_500, "a", "b");
        long deadline = s.cycleStartedAt().toEpochMilli() + 1_500;

        assertThat(firstExpiry.await(5, TimeUnit.SECONDS)).as("expired at all").isTrue();

        Arrival arrival = expiries.get(0);
        assertThat(arrival.atMillis() - deadline).isBetween(0L, 100L);
        assertThat(arrival.state().status()).isEqualTo(SyncStatus.EXPIRED);
        assertThat(arrival.state().sessionCompletedAt().toEpochMilli()).isEqualTo(deadline);
        assertThat(secondExpiry.await(300, TimeUnit.MILLISECONDS)).as("expired a second time").isFalse();
        assertThat(store.get(s.sessionId()).orElseThrow().version()).isEqualTo(s.version() + 1);
    }

    @Test
    void underSkipEachTurnExpiresOnTimeAndTheNextOneStartsAtTheDeadline() throws Exception {
        instanceA.start();
        SessionState s = startSession(SyncMode.PER_PARTICIPANT, ActionOnTimeout.SKIP, 1_000, "a", "b");
        long first = s.cycleStartedAt().toEpochMilli() + 1_000;

        assertThat(secondExpiry.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(expiries.get(0).atMillis() - first).isBetween(0L, 100L);
        assertThat(expiries.get(0).state().cycleStartedAt().toEpochMilli()).isEqualTo(first);
        assertThat(expiries.get(1).atMillis() - (first + 1_000)).isBetween(0L, 100L);
        assertThat(expiries.get(1).state().status()).isEqualTo(SyncStatus.EXPIRED);
    }

    @Test
    void aStoppedSchedulerExpiresNothingAndCanBeStartedAgain() throws Exception {
        instanceA.start();
        assertThatThrownBy(instanceA::start).isInstanceOf(IllegalStateException.class);
        instanceA.close();
        assertThat(instanceA.isRunning()).isFalse();
        SessionState s = startSession(SyncMode.GLOBAL, ActionOnTimeout.END_SESSION, 1_000, "a");

        assertThat(firstExpiry.await(1_300, TimeUnit.MILLISECONDS)).as("expired while stopped").isFalse();
        instanceA.start();

        assertThat(firstExpiry.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(expiries.get(0).state().sessionId()).isEqualTo(s.sessionId());
    }
}
