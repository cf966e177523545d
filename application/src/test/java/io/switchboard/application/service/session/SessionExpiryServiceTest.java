package io.switchboard.application.service.session;

import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.SessionCommand;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.domain.event.DomainEvent;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.session.SyncStatus;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class SessionExpiryServiceTest {
    final Caller owner = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    final TestClock clock = new TestClock(Instant.parse("2026-03-04T05:06:07.000Z"));
    final FakeSessionStore store = new FakeSessionStore();
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    final SessionSyncService sessions = new SessionSyncService(store, (s, now) -> Optional.empty(), events::add,
            clock, UUID::randomUUID, Metrics.NONE);
    final SessionExpiryService expiry = new SessionExpiryService(store, events::add, clock, Metrics.NONE);
    final SessionExpiryService otherInstance = new SessionExpiryService(store, events::add, clock, Metrics.NONE);

    SessionState running(long totalMs) {
        SessionSpec spec = new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("a")), totalMs, null,
                null, null, null, null);
        SessionState created = sessions.create(new CreateSessionUseCase.Command(owner, spec));
        return sessions.start(SessionCommand.of(owner, created.sessionId()));
    }

    long timeExpiredEvents() {
        return events.stream().map(SessionEvent.class::cast)
                .filter(e -> e.event() == SessionEventType.TIME_EXPIRED).count();
    }

    @Test
    void onlySessionsWhoseDeadlineHasComeAreExpired() {
        SessionState soon = running(1_000);
        SessionState later = running(5_000);
        assertThat(expiry.nextDeadline()).contains(soon.cycleStartedAt().plusMillis(1_000));

        clock.advance(999);
        assertThat(expiry.expireDue()).isZero();
        clock.advance(1);
        assertThat(expiry.expireDue()).isEqualTo(1);

        assertThat(store.get(soon.sessionId()).orElseThrow().status()).isEqualTo(SyncStatus.EXPIRED);
        assertThat(store.get(later.sessionId()).orElseThrow().status()).isEqualTo(SyncStatus.RUNNING);
        assertThat(expiry.nextDeadline()).contains(later.cycleStartedAt().plusMillis(5_000));
    }

    @Test
    void aSessionIsExpiredOnceHoweverManyInstancesTry() {
        SessionState s = running(1_000);
        clock.advance(1_050);

        assertThat(expiry.expire(s.sessionId())).isTrue();
        assertThat(otherInstance.expire(s.sessionId())).isFalse();
        assertThat(expiry.expireDue() + otherInstance.expireDue()).isZero();

        assertThat(timeExpiredEvents()).isEqualTo(1);
        assertThat(store.get(s.sessionId()).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void anExpiryThatLosesTheRaceToAnotherInstanceFindsNothingLeftToDo() {
        SessionState s = running(1_000);
        clock.advance(1_050);
        store.beforeNextWrite(() -> otherInstance.expire(s.sessionId()));

        assertThat(expiry.expire(s.sessionId())).isFalse();

        assertThat(timeExpiredEvents()).isEqualTo(1);
    }
}
