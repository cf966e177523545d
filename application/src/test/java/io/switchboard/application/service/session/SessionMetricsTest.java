package io.switchboard.application.service.session;

import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.SessionCommand;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.domain.session.ActionOnTimeout;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SyncMode;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session services count every operation with its result and latency, and every expiry they store. */
class SessionMetricsTest {
    record Operation(String op, String result, long nanos) {
    }

    final List<Operation> operations = new CopyOnWriteArrayList<>();
    final List<String> expiries = new CopyOnWriteArrayList<>();
    final Metrics metrics = new Metrics() {
        @Override
        public void sessionOperation(String op, String result, long nanos) {
            operations.add(new Operation(op, result, nanos));
        }

        @Override
        public void sessionExpired(String action) {
            expiries.add(action);
        }
    };
    final Caller owner = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    final Caller stranger = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    final TestClock clock = new TestClock(Instant.parse("2026-03-04T05:06:07.000Z"));
    final FakeSessionStore store = new FakeSessionStore();
    final SessionSyncService sessions = new SessionSyncService(store, (s, now) -> Optional.empty(), e -> {
    }, clock, UUID::randomUUID, metrics);
    final SessionExpiryService expiry = new SessionExpiryService(store, e -> {
    }, clock, metrics);

    SessionState created(ActionOnTimeout action) {
        SessionSpec spec = new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("a")), 1_000L, null,
                null, null, action, null);
        return sessions.create(new CreateSessionUseCase.Command(owner, spec));
    }

    @Test
    void everyOperationIsCountedWithOkAndItsLatency() {
        SessionState s = created(null);
        sessions.start(SessionCommand.of(owner, s.sessionId()));
        sessions.get(stranger, s.sessionId());
        sessions.delete(SessionCommand.of(owner, s.sessionId()));

        assertThat(operations).extracting(Operation::op).containsExactly("create", "start", "get", "delete");
        assertThat(operations).extracting(Operation::result).containsOnly("ok");
        assertThat(operations).allSatisfy(o -> assertThat(o.nanos()).isNotNegative());
    }

    @Test
    void aRefusedOperationIsCountedWithTheFailuresReason() {
        SessionState s = created(null);

        assertThatThrownBy(() -> sessions.pause(SessionCommand.of(stranger, s.sessionId())));
        assertThatThrownBy(() -> sessions.pause(SessionCommand.of(owner, s.sessionId())));
        assertThatThrownBy(() -> sessions.get(owner, new SessionId(UUID.randomUUID())));

        assertThat(operations.subList(1, 4)).extracting(Operation::op, Operation::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pause", "NOT_SESSION_OWNER"),
                org.assertj.core.groups.Tuple.tuple("pause", "INVALID_STATE_TRANSITION"),
                org.assertj.core.groups.Tuple.tuple("get", "SESSION_NOT_FOUND"));
    }

    @Test
    void anExpiryIsCountedOnceWithTheSessionsActionWhoeverStoresIt() {
        SessionState bySchedule = created(ActionOnTimeout.END_SESSION);
        SessionState byLateOperation = created(ActionOnTimeout.CONTINUE);
        sessions.start(SessionCommand.of(owner, bySchedule.sessionId()));
        sessions.start(SessionCommand.of(owner, byLateOperation.sessionId()));
        clock.advance(1_500);

        assertThat(expiry.expire(bySchedule.sessionId())).isTrue();
        assertThat(expiry.expire(bySchedule.sessionId())).isFalse();
        sessions.get(owner, byLateOperation.sessionId()); // a read stores nothing
        sessions.pause(SessionCommand.of(owner, byLateOperation.sessionId()));

        assertThat(expiries).containsExactly("end_session", "continue");
    }
}
