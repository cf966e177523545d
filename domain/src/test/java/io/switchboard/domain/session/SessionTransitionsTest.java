package io.switchboard.domain.session;

import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTransitionsTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.000Z");
    static final UserId OWNER = new UserId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));

    static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    static SessionSpec spec(SyncMode mode, Long total, Long perCycle, long increment, Long max,
                            ActionOnTimeout action, ParticipantSpec... participants) {
        return new SessionSpec(null, mode, List.of(participants), total, perCycle, increment, max, action, null);
    }

    static SessionSpec spec(SyncMode mode, Long total, Long perCycle, long increment, Long max,
                            ActionOnTimeout action, String... ids) {
        return spec(mode, total, perCycle, increment, max, action,
                Arrays.stream(ids).map(ParticipantSpec::of).toArray(ParticipantSpec[]::new));
    }

    static SessionState created(SessionSpec spec) {
        return SessionTransitions.create(spec, new SessionId(UUID.randomUUID()), OWNER, T0);
    }

    /** Applies an operation and checks the invariant of every step: exactly one version more than the one before. */
    static SessionState apply(SessionState state, SessionOp op, long atMs, SessionEventType... expectedEvents) {
        SessionChange change = SessionTransitions.apply(state, op, at(atMs));
        assertThat(change.steps()).extracting(SessionStep::event).containsExactly(expectedEvents);
        long version = state.version();
        for (SessionStep step : change.steps()) {
            assertThat(step.state().version()).isEqualTo(++version);
            assertThat(step.state().updatedAt()).isEqualTo(at(atMs));
        }
        return change.after();
    }

    static SessionState started(SessionSpec spec) {
        return apply(created(spec), new SessionOp.Start(), 0, SessionEventType.STARTED);
    }

    static SessionState switchAt(SessionState s, long atMs, SessionEventType... events) {
        return apply(s, new SessionOp.Switch(null), atMs, events);
    }

    static Participant p(SessionState s, String id) {
        return s.participant(id).orElseThrow();
    }

    @Test
    void createGivesAPendingSessionAtVersionOneWithFullClocks() {
        SessionState s = created(spec(SyncMode.PER_PARTICIPANT, 60_000L, null, 0, null, null,
                new ParticipantSpec("a", 30_000L, null), ParticipantSpec.of("b")));

        assertThat(s.version()).isEqualTo(1);
        assertThat(s.status()).isEqualTo(SyncStatus.PENDING);
        assertThat(s.activeParticipantId()).isNull();
        assertThat(s.cycleStartedAt()).isNull();
        assertThat(s.actionOnTimeout()).isEqualTo(ActionOnTimeout.END_SESSION);
        assertThat(s.participants()).extracting(Participant::remainingMs).containsExactly(30_000L, 60_000L);
        assertThat(s.participants()).extracting(Participant::index).containsExactly(0, 1);
        assertThat(SessionTransitions.deadline(s)).isEmpty();
    }

    @Test
    void startActivatesTheFirstParticipantAndStartsItsClock() {
        SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 60_000L, null, 0, null, null, "a", "b"));

        assertThat(s.status()).isEqualTo(SyncStatus.RUNNING);
        assertThat(s.activeParticipantId()).isEqualTo("a");
        assertThat(s.cycleStartedAt()).isEqualTo(T0);
        assertThat(s.sessionStartedAt()).isEqualTo(T0);
        assertThat(p(s, "a").cycleCount()).isEqualTo(1);
        assertThat(p(s, "b").cycleCount()).isZero();
        assertThat(SessionTransitions.deadline(s)).contains(at(60_000));
    }

    @Nested
    class PerParticipant {
        final SessionSpec chess = spec(SyncMode.PER_PARTICIPANT, 60_000L, null, 2_000, null, null, "a", "b");

        @Test
        void switchChargesTheActiveClockAddsTheIncrementAndActivatesTheNext() {
            SessionState s = switchAt(started(chess), 3_000, SessionEventType.SWITCHED);

            assertThat(p(s, "a").remainingMs()).isEqualTo(60_000 - 3_000 + 2_000);
            assertThat(p(s, "a").usedMs()).isEqualTo(3_000);
            assertThat(p(s, "b").remainingMs()).isEqualTo(60_000);
            assertThat(s.activeParticipantId()).isEqualTo("b");
            assertThat(p(s, "b").cycleCount()).isEqualTo(1);
            assertThat(s.cycleStartedAt()).isEqualTo(at(3_000));
            assertThat(SessionTransitions.deadline(s)).contains(at(63_000));
        }

        @Test
        void theTurnOrderWrapsAroundToTheFirstParticipant() {
            SessionState s = switchAt(switchAt(started(chess), 1_000, SessionEventType.SWITCHED), 2_500,
                    SessionEventType.SWITCHED);

            assertThat(s.activeParticipantId()).isEqualTo("a");
            assertThat(p(s, "a").cycleCount()).isEqualTo(2);
            assertThat(p(s, "b").remainingMs()).isEqualTo(60_000 - 1_500 + 2_000);
        }

        @Test
        void switchToANamedParticipantActivatesIt() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 60_000L, null, 0, null, null, "a", "b", "c"));

            s = apply(s, new SessionOp.Switch("c"), 1_000, SessionEventType.SWITCHED);

            assertThat(s.activeParticipantId()).isEqualTo("c");
        }

        @Test
        void switchToTheActiveParticipantItself_chargesTheTimeAndGrantsNoIncrement() {
            SessionState s = apply(started(chess), new SessionOp.Switch("a"), 3_000, SessionEventType.SWITCHED);

            assertThat(s.activeParticipantId()).isEqualTo("a");
            assertThat(p(s, "a").remainingMs()).isEqualTo(60_000 - 3_000);
            assertThat(p(s, "a").usedMs()).isEqualTo(3_000);
            assertThat(p(s, "a").cycleCount()).isEqualTo(2);
            assertThat(s.cycleStartedAt()).isEqualTo(at(3_000));
        }

        @Test
        void aOneParticipantSession_switchesToItselfWithoutIncrement() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 60_000L, null, 2_000, null, null, "solo"));

            s = switchAt(switchAt(s, 1_000, SessionEventType.SWITCHED), 1_500, SessionEventType.SWITCHED);

            assertThat(p(s, "solo").remainingMs()).isEqualTo(60_000 - 1_500);
            assertThat(p(s, "solo").cycleCount()).isEqualTo(3);
        }

        @Test
        void switchToAnUnknownParticipantNamesTheField() {
            SessionState s = started(chess);

            assertThatThrownBy(() -> SessionTransitions.switchCycle(s, "zed", at(1_000)))
                    .isInstanceOfSatisfying(ValidationFailed.class, e ->
                            assertThat(e.errors().get(0).field()).isEqualTo("nextParticipantId"));
        }

        @Test
        void pauseAndResumeKeepTheClockExact() {
            SessionState s = started(chess);

            s = apply(s, new SessionOp.Pause(), 2_000, SessionEventType.PAUSED);
            assertThat(p(s, "a").remainingMs()).isEqualTo(58_000);
            assertThat(s.cycleStartedAt()).isNull();
            assertThat(SessionTransitions.deadline(s)).isEmpty();

            s = apply(s, new SessionOp.Resume(), 10_000, SessionEventType.RESUMED);
            assertThat(s.cycleStartedAt()).isEqualTo(at(10_000));
            assertThat(SessionTransitions.deadline(s)).contains(at(68_000));

            s = switchAt(s, 11_000, SessionEventType.SWITCHED);
            assertThat(p(s, "a").usedMs()).isEqualTo(3_000);
            assertThat(p(s, "a").remainingMs()).isEqualTo(60_000 - 3_000 + 2_000);
        }

        @Test
        void givenAnExpiredParticipantUnderContinue_switch_grantsNoIncrement() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 1_000L, null, 5_000, null,
                    ActionOnTimeout.CONTINUE, "a", "b"));

            s = switchAt(s, 1_500, SessionEventType.TIME_EXPIRED, SessionEventType.SWITCHED);

            assertThat(p(s, "a").hasExpired()).isTrue();
            assertThat(p(s, "a").remainingMs()).isZero();
            assertThat(p(s, "a").usedMs()).isEqualTo(1_500);
            assertThat(s.activeParticipantId()).isEqualTo("b");
        }

        @Test
        void theIncrementIsGrantedWhenTheSwitchComesBeforeTheDeadline() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 1_000L, null, 5_000, null,
                    ActionOnTimeout.CONTINUE, "a", "b"));

            s = switchAt(s, 999, SessionEventType.SWITCHED);

            assertThat(p(s, "a").hasExpired()).isFalse();
            assertThat(p(s, "a").remainingMs()).isEqualTo(1 + 5_000);
        }

        @Test
        void completeChargesTheRunningTurn() {
            SessionState s = apply(started(chess), new SessionOp.Complete(), 4_000, SessionEventType.COMPLETED);

            assertThat(s.status()).isEqualTo(SyncStatus.COMPLETED);
            assertThat(p(s, "a").usedMs()).isEqualTo(4_000);
            assertThat(p(s, "a").remainingMs()).isEqualTo(56_000);
            assertThat(s.sessionCompletedAt()).isEqualTo(at(4_000));
            assertThat(s.activeParticipantId()).isNull();
            assertThat(SessionTransitions.deadline(s)).isEmpty();
        }

        @Test
        void completingAPausedSessionChargesNothingMore() {
            SessionState s = apply(started(chess), new SessionOp.Pause(), 4_000, SessionEventType.PAUSED);

            s = apply(s, new SessionOp.Complete(), 90_000, SessionEventType.COMPLETED);

            assertThat(p(s, "a").usedMs()).isEqualTo(4_000);
            assertThat(s.status()).isEqualTo(SyncStatus.COMPLETED);
        }
    }

    @Nested
    class PerCycle {
        final SessionSpec turns = spec(SyncMode.PER_CYCLE, null, 5_000L, 0, null, null, "a", "b");

        @Test
        void eachTurnGetsTheCycleTimeAfresh() {
            SessionState s = switchAt(started(turns), 2_000, SessionEventType.SWITCHED);

            assertThat(p(s, "a").remainingMs()).isEqualTo(5_000);
            assertThat(p(s, "a").usedMs()).isEqualTo(2_000);
            assertThat(p(s, "b").remainingMs()).isEqualTo(5_000);
            assertThat(SessionTransitions.deadline(s)).contains(at(7_000));

            s = apply(s, new SessionOp.Pause(), 3_000, SessionEventType.PAUSED);
            assertThat(p(s, "b").remainingMs()).isEqualTo(4_000);

            s = switchAt(apply(s, new SessionOp.Resume(), 8_000, SessionEventType.RESUMED), 9_000,
                    SessionEventType.SWITCHED);
            assertThat(p(s, "b").remainingMs()).isEqualTo(5_000);
            assertThat(p(s, "b").usedMs()).isEqualTo(2_000);
            assertThat(SessionTransitions.deadline(s)).contains(at(14_000));
        }

        @Test
        void aTurnThatRunsOverExpiresAtItsDeadline() {
            SessionState s = switchAt(started(turns), 2_000, SessionEventType.SWITCHED);

            SessionChange change = SessionTransitions.expireIfDue(s, at(7_030));

            assertThat(change.steps()).extracting(SessionStep::event).containsExactly(SessionEventType.TIME_EXPIRED);
            SessionState after = change.after();
            assertThat(after.status()).isEqualTo(SyncStatus.EXPIRED);
            assertThat(after.sessionCompletedAt()).isEqualTo(at(7_000));
            assertThat(p(after, "b").hasExpired()).isTrue();
            assertThat(p(after, "b").usedMs()).isEqualTo(5_000);
            assertThat(p(after, "a").hasExpired()).isFalse();
        }
    }

    @Nested
    class Global {
        @Test
        void everyoneSharesOneClockAndSwitchOnlyMovesTheTurn() {
            SessionState s = started(spec(SyncMode.GLOBAL, 60_000L, null, 1_000, null, null, "a", "b", "c"));

            s = switchAt(s, 2_000, SessionEventType.SWITCHED);
            s = switchAt(s, 5_000, SessionEventType.SWITCHED);

            assertThat(s.participants()).extracting(Participant::remainingMs).containsOnly(55_000L);
            assertThat(s.participants()).extracting(Participant::usedMs).containsExactly(2_000L, 3_000L, 0L);
            assertThat(s.activeParticipantId()).isEqualTo("c");
            assertThat(SessionTransitions.deadline(s)).contains(at(60_000));
        }

        @Test
        void givenSkip_theSharedClockRunningOut_expiresTheSession() {
            SessionState s = started(spec(SyncMode.GLOBAL, 1_000L, null, 0, null, ActionOnTimeout.SKIP, "a", "b"));

            SessionState after = SessionTransitions.expireIfDue(s, at(1_000)).after();

            assertThat(after.status()).isEqualTo(SyncStatus.EXPIRED);
            assertThat(after.participants()).allMatch(Participant::hasExpired);
        }
    }

    @Nested
    class CountUp {
        @Test
        void withoutMaxTheClockCountsUpAndNeverExpires() {
            SessionState s = started(spec(SyncMode.COUNT_UP, null, null, 0, null, null, "a", "b"));

            s = switchAt(s, 70_000, SessionEventType.SWITCHED);
            s = apply(s, new SessionOp.Pause(), 100_000, SessionEventType.PAUSED);

            assertThat(s.participants()).extracting(Participant::usedMs).containsExactly(70_000L, 30_000L);
            assertThat(s.participants()).extracting(Participant::remainingMs).containsOnlyNulls();
            assertThat(SessionTransitions.deadline(apply(s, new SessionOp.Resume(), 200_000,
                    SessionEventType.RESUMED))).isEmpty();
        }

        @Test
        void withMaxTheClockExpiresWhenTheTotalRunningTimeReachesIt() {
            SessionState s = started(spec(SyncMode.COUNT_UP, null, null, 0, 10_000L, null, "a", "b"));

            s = switchAt(s, 4_000, SessionEventType.SWITCHED);
            assertThat(s.participants()).extracting(Participant::remainingMs).containsOnly(6_000L);
            assertThat(SessionTransitions.deadline(s)).contains(at(10_000));

            assertThat(SessionTransitions.expireIfDue(s, at(9_999)).isEmpty()).isTrue();
            SessionState after = SessionTransitions.expireIfDue(s, at(10_000)).after();
            assertThat(after.status()).isEqualTo(SyncStatus.EXPIRED);
            assertThat(after.participants()).extracting(Participant::usedMs).containsExactly(4_000L, 6_000L);
        }
    }

    @Nested
    class PerGroup {
        final SessionSpec teams = spec(SyncMode.PER_GROUP, 60_000L, null, 1_000, null, ActionOnTimeout.SKIP,
                new ParticipantSpec("a1", null, "red"), new ParticipantSpec("b1", null, "blue"),
                new ParticipantSpec("a2", null, "red"));

        @Test
        void membersOfAGroupShareOneClock() {
            SessionState s = started(teams);

            s = switchAt(s, 2_000, SessionEventType.SWITCHED);
            assertThat(p(s, "a1").remainingMs()).isEqualTo(59_000);
            assertThat(p(s, "a2").remainingMs()).isEqualTo(59_000);
            assertThat(p(s, "b1").remainingMs()).isEqualTo(60_000);

            s = switchAt(s, 5_000, SessionEventType.SWITCHED);
            assertThat(p(s, "b1").remainingMs()).isEqualTo(58_000);
            assertThat(s.activeParticipantId()).isEqualTo("a2");
            assertThat(SessionTransitions.deadline(s)).contains(at(5_000 + 59_000));

            s = switchAt(s, 6_000, SessionEventType.SWITCHED);
            assertThat(p(s, "a1").remainingMs()).isEqualTo(59_000);
            assertThat(p(s, "a2").remainingMs()).isEqualTo(59_000);
            assertThat(p(s, "a2").usedMs()).isEqualTo(1_000);
            assertThat(p(s, "a1").usedMs()).isEqualTo(2_000);
        }

        @Test
        void whenAGroupClockRunsOutEveryMemberExpiresAndSkipMovesToAnotherGroup() {
            SessionState s = started(spec(SyncMode.PER_GROUP, 1_000L, null, 0, null, ActionOnTimeout.SKIP,
                    new ParticipantSpec("a1", null, "red"), new ParticipantSpec("a2", null, "red"),
                    new ParticipantSpec("b1", null, "blue")));

            SessionState after = SessionTransitions.expireIfDue(s, at(1_050)).after();

            assertThat(p(after, "a1").hasExpired()).isTrue();
            assertThat(p(after, "a2").hasExpired()).isTrue();
            assertThat(p(after, "a2").remainingMs()).isZero();
            assertThat(after.activeParticipantId()).isEqualTo("b1");
            assertThat(after.cycleStartedAt()).isEqualTo(at(1_000));
            assertThat(after.status()).isEqualTo(SyncStatus.RUNNING);
        }
    }

    @Nested
    class ActionsOnTimeout {
        @Test
        void endSessionExpiresTheSessionAtTheDeadline() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 1_500L, null, 0, null, null, "a", "b"));

            assertThat(SessionTransitions.expireIfDue(s, at(1_499)).isEmpty()).isTrue();
            SessionChange change = SessionTransitions.expireIfDue(s, at(1_580));

            SessionState after = change.after();
            assertThat(change.steps()).extracting(SessionStep::event).containsExactly(SessionEventType.TIME_EXPIRED);
            assertThat(after.version()).isEqualTo(s.version() + 1);
            assertThat(after.status()).isEqualTo(SyncStatus.EXPIRED);
            assertThat(after.sessionCompletedAt()).isEqualTo(at(1_500));
            assertThat(after.updatedAt()).isEqualTo(at(1_580));
            assertThat(p(after, "a").hasExpired()).isTrue();
            assertThat(p(after, "a").usedMs()).isEqualTo(1_500);
            assertThat(after.activeParticipantId()).isNull();
            assertThat(SessionTransitions.deadline(after)).isEmpty();
        }

        @Test
        void skipActivatesTheNextParticipantFromTheDeadlineOn() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 1_000L, null, 0, null, ActionOnTimeout.SKIP,
                    "a", "b", "c"));

            SessionState after = SessionTransitions.expireIfDue(s, at(1_040)).after();

            assertThat(after.status()).isEqualTo(SyncStatus.RUNNING);
            assertThat(after.activeParticipantId()).isEqualTo("b");
            assertThat(after.cycleStartedAt()).isEqualTo(at(1_000));
            assertThat(SessionTransitions.deadline(after)).contains(at(2_000));
            assertThat(p(after, "a").hasExpired()).isTrue();
        }

        @Test
        void aLateExpiryCatchesUpOnEveryClockThatRanOutMeanwhile() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 5_000L, null, 0, null, ActionOnTimeout.SKIP,
                    new ParticipantSpec("a", 1_000L, null), new ParticipantSpec("b", 1_000L, null),
                    ParticipantSpec.of("c")));

            SessionChange change = SessionTransitions.expireIfDue(s, at(2_500));

            assertThat(change.steps()).hasSize(2);
            assertThat(change.after().version()).isEqualTo(s.version() + 2);
            assertThat(change.after().activeParticipantId()).isEqualTo("c");
            assertThat(change.after().cycleStartedAt()).isEqualTo(at(2_000));
        }

        @Test
        void skipWithNobodyLeftExpiresTheSession() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 1_000L, null, 0, null, ActionOnTimeout.SKIP,
                    "a"));

            SessionState after = SessionTransitions.expireIfDue(s, at(1_000)).after();

            assertThat(after.status()).isEqualTo(SyncStatus.EXPIRED);
        }

        @Test
        void skipPassesOverExpiredParticipantsOnSwitch() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 60_000L, null, 0, null, ActionOnTimeout.SKIP,
                    new ParticipantSpec("a", 1_000L, null), ParticipantSpec.of("b"), ParticipantSpec.of("c")));
            s = SessionTransitions.expireIfDue(s, at(1_000)).after();

            s = switchAt(s, 2_000, SessionEventType.SWITCHED);
            s = switchAt(s, 3_000, SessionEventType.SWITCHED);

            assertThat(s.activeParticipantId()).isEqualTo("b");
            SessionState current = s;
            assertThatThrownBy(() -> SessionTransitions.switchCycle(current, "a", at(4_000)))
                    .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.reason()).isEqualTo("PARTICIPANT_EXPIRED"));
        }

        @Test
        void continueMarksTheParticipantExpiredOnceAndTheTurnGoesOn() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 1_000L, null, 0, null, ActionOnTimeout.CONTINUE,
                    "a", "b"));

            SessionState after = SessionTransitions.expireIfDue(s, at(1_010)).after();

            assertThat(after.status()).isEqualTo(SyncStatus.RUNNING);
            assertThat(after.activeParticipantId()).isEqualTo("a");
            assertThat(p(after, "a").hasExpired()).isTrue();
            assertThat(after.cycleStartedAt()).isEqualTo(at(1_000));
            assertThat(SessionTransitions.deadline(after)).isEmpty();
            assertThat(SessionTransitions.expireIfDue(after, at(50_000)).isEmpty()).isTrue();

            SessionState next = switchAt(after, 4_000, SessionEventType.SWITCHED);
            assertThat(p(next, "a").usedMs()).isEqualTo(4_000);
            assertThat(SessionTransitions.deadline(next)).contains(at(5_000));
            assertThat(switchAt(next, 4_500, SessionEventType.SWITCHED).activeParticipantId()).isEqualTo("a");
        }
    }

    @Nested
    class ClockAlreadyOut {
        @Test
        void givenEndSessionAndAClockPastZero_switch_isRefusedAfterTheExpiry() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 1_000L, null, 0, null, null, "a", "b"));

            assertThatThrownBy(() -> SessionTransitions.switchCycle(s, null, at(1_020)))
                    .isInstanceOfSatisfying(Conflict.class, e -> {
                        assertThat(e.reason()).isEqualTo("INVALID_STATE_TRANSITION");
                        assertThat(e.details()).containsEntry("status", "expired");
                    });
            assertThat(SessionTransitions.expireIfDue(s, at(1_020)).after().status()).isEqualTo(SyncStatus.EXPIRED);
        }

        @Test
        void givenSkipAndAClockPastZero_pause_appliesToTheStateAfterTheSkip() {
            SessionState s = started(spec(SyncMode.PER_PARTICIPANT, 10_000L, null, 0, null, ActionOnTimeout.SKIP,
                    new ParticipantSpec("a", 1_000L, null), ParticipantSpec.of("b")));

            SessionState after = apply(s, new SessionOp.Pause(), 1_300, SessionEventType.TIME_EXPIRED,
                    SessionEventType.PAUSED);

            assertThat(after.activeParticipantId()).isEqualTo("b");
            assertThat(p(after, "b").remainingMs()).isEqualTo(9_700);
            assertThat(p(after, "a").usedMs()).isEqualTo(1_000);
        }
    }

    static Stream<Arguments> invalidTransitions() {
        SessionSpec spec = spec(SyncMode.PER_PARTICIPANT, 1_000L, null, 0, null, null, "a", "b");
        SessionState pending = created(spec);
        SessionState running = SessionTransitions.start(pending, T0).after();
        SessionState paused = SessionTransitions.pause(running, at(10)).after();
        SessionState completed = SessionTransitions.complete(running, at(10)).after();
        SessionState expired = SessionTransitions.expireIfDue(running, at(1_000)).after();
        SessionOp start = new SessionOp.Start();
        SessionOp sw = new SessionOp.Switch(null);
        SessionOp pause = new SessionOp.Pause();
        SessionOp resume = new SessionOp.Resume();
        SessionOp complete = new SessionOp.Complete();
        return Stream.of(
                Arguments.of(pending, sw), Arguments.of(pending, pause), Arguments.of(pending, resume),
                Arguments.of(pending, complete),
                Arguments.of(running, start), Arguments.of(running, resume),
                Arguments.of(paused, start), Arguments.of(paused, sw), Arguments.of(paused, pause),
                Arguments.of(completed, start), Arguments.of(completed, sw), Arguments.of(completed, pause),
                Arguments.of(completed, resume), Arguments.of(completed, complete),
                Arguments.of(expired, start), Arguments.of(expired, sw), Arguments.of(expired, pause),
                Arguments.of(expired, resume), Arguments.of(expired, complete));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidTransitions")
    void anOperationTheStatusDoesNotAllowIsAnInvalidStateTransition(SessionState state, SessionOp op) {
        assertThatThrownBy(() -> SessionTransitions.apply(state, op, at(20)))
                .isInstanceOfSatisfying(Conflict.class, e -> {
                    assertThat(e.reason()).isEqualTo("INVALID_STATE_TRANSITION");
                    assertThat(e.details()).isEqualTo(Map.of("status", state.status().wireName(),
                            "operation", op.verb()));
                });
    }
}
