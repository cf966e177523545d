package io.switchboard.application.service.session;

import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.SessionCommand;
import io.switchboard.application.port.in.session.SwitchCycleUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.domain.event.DomainEvent;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.failure.RateLimited;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.failure.VersionConflict;
import io.switchboard.domain.session.ActionOnTimeout;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.session.SyncStatus;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionSyncServiceTest {
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07.000Z");

    final Caller owner = user();
    final Caller stranger = user();
    final Caller admin = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER, Role.ADMIN));
    final Caller player = user();

    final TestClock clock = new TestClock(T0);
    final FakeSessionStore store = new FakeSessionStore();
    final List<DomainEvent> events = new ArrayList<>();
    Optional<Duration> rateLimitAnswer = Optional.empty();
    final AtomicInteger idCounter = new AtomicInteger();
    final SessionSyncService service = new SessionSyncService(store, (session, now) -> rateLimitAnswer,
            events::add, clock, () -> new UUID(0, idCounter.incrementAndGet()), Metrics.NONE);

    static Caller user() {
        return new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    }

    SessionSpec spec(ActionOnTimeout action, long totalMs) {
        return new SessionSpec(null, SyncMode.PER_PARTICIPANT,
                List.of(ParticipantSpec.of(player.id().toString()), ParticipantSpec.of("bot")),
                totalMs, null, null, null, action, Map.of("title", "demo"));
    }

    SessionState created() {
        return service.create(new CreateSessionUseCase.Command(owner, spec(null, 60_000)));
    }

    SessionState started() {
        return service.start(SessionCommand.of(owner, created().sessionId()));
    }

    SwitchCycleUseCase.Command switchBy(Caller caller, SessionId id) {
        return new SwitchCycleUseCase.Command(caller, id, null, null);
    }

    List<SessionEvent> sessionEvents() {
        return events.stream().map(SessionEvent.class::cast).toList();
    }

    @Test
    void creatingMakesTheCallerOwnerOfAPendingSessionAndAnnouncesIt() {
        SessionState s = created();

        assertThat(s.ownerId()).isEqualTo(owner.id());
        assertThat(s.sessionId()).isEqualTo(new SessionId(new UUID(0, 1)));
        assertThat(s.version()).isEqualTo(1);
        assertThat(store.get(s.sessionId())).contains(s);
        assertThat(sessionEvents()).containsExactly(SessionEvent.updated(s, SessionEventType.CREATED));
        assertThat(events.get(0).type()).isEqualTo("session.updated");
    }

    @Test
    void givenATakenSessionId_create_isSessionExists() {
        SessionId id = new SessionId(UUID.randomUUID());
        SessionSpec withId = new SessionSpec(id, SyncMode.COUNT_UP, List.of(ParticipantSpec.of("a")), null, null,
                null, null, null, null);
        service.create(new CreateSessionUseCase.Command(owner, withId));

        assertThatThrownBy(() -> service.create(new CreateSessionUseCase.Command(stranger, withId)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.reason()).isEqualTo("SESSION_EXISTS"));
        assertThat(store.get(id).orElseThrow().ownerId()).isEqualTo(owner.id());
    }

    @Test
    void anyoneReadsAnySessionButAnUnknownOneIsNotFound() {
        SessionState s = created();

        assertThat(service.get(stranger, s.sessionId())).isEqualTo(s);
        assertThatThrownBy(() -> service.get(owner, new SessionId(UUID.randomUUID())))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.reason()).isEqualTo("SESSION_NOT_FOUND"));
    }

    @Test
    void startStoresTheNextVersionAndAnnouncesIt() {
        SessionState s = started();

        assertThat(s.version()).isEqualTo(2);
        assertThat(s.status()).isEqualTo(SyncStatus.RUNNING);
        assertThat(store.get(s.sessionId())).contains(s);
        assertThat(sessionEvents().get(1)).isEqualTo(SessionEvent.updated(s, SessionEventType.STARTED));
    }

    @Test
    void onlyTheOwnerOrAnAdminStartsPausesResumesCompletesAndDeletes() {
        SessionId id = created().sessionId();

        assertThatThrownBy(() -> service.start(SessionCommand.of(stranger, id)))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.reason()).isEqualTo("NOT_SESSION_OWNER"));
        service.start(SessionCommand.of(admin, id));
        assertThatThrownBy(() -> service.pause(SessionCommand.of(player, id))).isInstanceOf(Forbidden.class);
        service.pause(SessionCommand.of(owner, id));
        assertThatThrownBy(() -> service.resume(SessionCommand.of(stranger, id))).isInstanceOf(Forbidden.class);
        service.resume(SessionCommand.of(admin, id));
        assertThatThrownBy(() -> service.complete(SessionCommand.of(stranger, id))).isInstanceOf(Forbidden.class);
        service.complete(SessionCommand.of(owner, id));
        assertThatThrownBy(() -> service.delete(SessionCommand.of(player, id))).isInstanceOf(Forbidden.class);
        service.delete(SessionCommand.of(admin, id));

        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void theActiveParticipantMaySwitchButNotAnotherParticipantOrAStranger() {
        SessionId id = started().sessionId(); // the player (participant 0) is active

        SessionState s = service.switchCycle(switchBy(player, id));
        assertThat(s.activeParticipantId()).isEqualTo("bot");

        assertThatThrownBy(() -> service.switchCycle(switchBy(player, id)))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.reason()).isEqualTo("NOT_ALLOWED_TO_SWITCH"));
        assertThatThrownBy(() -> service.switchCycle(switchBy(stranger, id))).isInstanceOf(Forbidden.class);
        assertThat(service.switchCycle(switchBy(owner, id)).activeParticipantId()).isEqualTo(player.id().toString());
        assertThat(service.switchCycle(switchBy(admin, id)).version()).isEqualTo(5);
    }

    @Test
    void givenNobodyActive_aParticipantIsToldOfTheStateAndAStrangerIsForbidden() {
        SessionId id = created().sessionId();

        assertThatThrownBy(() -> service.switchCycle(switchBy(player, id)))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.reason()).isEqualTo("INVALID_STATE_TRANSITION"));
        assertThatThrownBy(() -> service.switchCycle(switchBy(stranger, id))).isInstanceOf(Forbidden.class);
    }

    @Test
    void switchChargesTheServerTimeAndAnnouncesSwitched() {
        SessionId id = started().sessionId();
        clock.advance(2_500);

        SessionState s = service.switchCycle(switchBy(owner, id));

        assertThat(s.participants().get(0).usedMs()).isEqualTo(2_500);
        assertThat(s.participants().get(0).remainingMs()).isEqualTo(57_500);
        assertThat(sessionEvents().get(sessionEvents().size() - 1).event()).isEqualTo(SessionEventType.SWITCHED);
    }

    @Test
    void givenAStaleIfMatch_anOperation_isAVersionConflictNamingBothVersions() {
        SessionId id = started().sessionId();

        assertThatThrownBy(() -> service.pause(new SessionCommand(owner, id, 1L)))
                .isInstanceOfSatisfying(VersionConflict.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.actualVersion()).isEqualTo(2);
                    assertThat(e.details()).isEqualTo(Map.of("expectedVersion", 1L, "actualVersion", 2L));
                });
        assertThatThrownBy(() -> service.delete(new SessionCommand(owner, id, 7L)))
                .isInstanceOf(VersionConflict.class);
        assertThat(store.get(id).orElseThrow().version()).isEqualTo(2);
        assertThat(service.pause(new SessionCommand(owner, id, 2L)).version()).isEqualTo(3);
    }

    @Test
    void givenACompetingWriteWithoutIfMatch_theOperationIsRetriedOnTheNewState() {
        SessionState s = started();
        clock.advance(1_000);
        store.beforeNextWrite(() -> store.put(SessionTransitions.switchCycle(s, null, clock.now()).after()));

        SessionState after = service.switchCycle(switchBy(owner, s.sessionId()));

        assertThat(after.version()).isEqualTo(4);
        assertThat(after.activeParticipantId()).isEqualTo(player.id().toString());
    }

    @Test
    void givenACompetingWriteWithIfMatch_theOperationIsAVersionConflict() {
        SessionState s = started();
        store.beforeNextWrite(() -> store.put(SessionTransitions.pause(s, clock.now()).after()));

        assertThatThrownBy(() -> service.switchCycle(new SwitchCycleUseCase.Command(owner, s.sessionId(), null, 2L)))
                .isInstanceOfSatisfying(VersionConflict.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo(2);
                    assertThat(e.actualVersion()).isEqualTo(3);
                });
        assertThat(store.get(s.sessionId()).orElseThrow().status()).isEqualTo(SyncStatus.PAUSED);
    }

    @Test
    void aSwitchOverTheRateLimitIsRateLimitedAndChangesNothing() {
        SessionState s = started();
        rateLimitAnswer = Optional.of(Duration.ofMillis(300));

        assertThatThrownBy(() -> service.switchCycle(switchBy(owner, s.sessionId())))
                .isInstanceOfSatisfying(RateLimited.class, e -> {
                    assertThat(e.reason()).isEqualTo("SWITCH_RATE_LIMITED");
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        assertThat(store.get(s.sessionId())).contains(s);
        assertThat(service.pause(SessionCommand.of(owner, s.sessionId())).version()).isEqualTo(3);
    }

    @Test
    void anInvalidTransitionIsAConflictAndChangesNothing() {
        SessionState s = created();

        assertThatThrownBy(() -> service.pause(SessionCommand.of(owner, s.sessionId())))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.reason()).isEqualTo("INVALID_STATE_TRANSITION"));
        assertThat(store.get(s.sessionId())).contains(s);
        assertThat(events).hasSize(1);
    }

    @Test
    void switchingToSomeoneOutsideTheSessionNamesTheField() {
        SessionState s = started();

        assertThatThrownBy(() -> service.switchCycle(
                new SwitchCycleUseCase.Command(owner, s.sessionId(), "nobody", null)))
                .isInstanceOfSatisfying(ValidationFailed.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("nextParticipantId"));
    }

    @Test
    void givenAClockPastZeroUnderEndSession_switch_isRefusedButTheExpiryIsStoredAndAnnounced() {
        SessionState s = service.start(SessionCommand.of(owner,
                service.create(new CreateSessionUseCase.Command(owner, spec(null, 1_000))).sessionId()));
        clock.advance(1_040);

        assertThatThrownBy(() -> service.switchCycle(switchBy(player, s.sessionId())))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.reason()).isEqualTo("INVALID_STATE_TRANSITION"));

        SessionState stored = store.get(s.sessionId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(SyncStatus.EXPIRED);
        assertThat(stored.version()).isEqualTo(3);
        assertThat(sessionEvents().get(sessionEvents().size() - 1))
                .isEqualTo(SessionEvent.updated(stored, SessionEventType.TIME_EXPIRED));
    }

    @Test
    void givenAClockPastZeroUnderSkip_theFormerActiveParticipantMayNoLongerSwitch() {
        SessionState s = service.start(SessionCommand.of(owner,
                service.create(new CreateSessionUseCase.Command(owner, spec(ActionOnTimeout.SKIP, 1_000)))
                        .sessionId()));
        clock.advance(1_200);

        assertThatThrownBy(() -> service.switchCycle(switchBy(player, s.sessionId()))).isInstanceOf(Forbidden.class);
        assertThat(store.get(s.sessionId()).orElseThrow().activeParticipantId()).isEqualTo("bot");
    }

    @Test
    void givenAClockPastZeroAndIfMatchOnTheLastStoredVersion_theExpiryWinsAsAVersionConflict() {
        SessionState s = service.start(SessionCommand.of(owner,
                service.create(new CreateSessionUseCase.Command(owner, spec(ActionOnTimeout.SKIP, 1_000)))
                        .sessionId()));
        clock.advance(1_200);

        assertThatThrownBy(() -> service.switchCycle(new SwitchCycleUseCase.Command(owner, s.sessionId(), null, 2L)))
                .isInstanceOfSatisfying(VersionConflict.class, e -> assertThat(e.actualVersion()).isEqualTo(3));
        assertThat(store.get(s.sessionId()).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void givenAClockPastZeroUnderSkip_pause_storesTheExpiryAndThePauseWithOneVersionEach() {
        SessionState s = service.start(SessionCommand.of(owner,
                service.create(new CreateSessionUseCase.Command(owner, spec(ActionOnTimeout.SKIP, 1_000)))
                        .sessionId()));
        clock.advance(1_200);

        SessionState paused = service.pause(SessionCommand.of(owner, s.sessionId()));

        assertThat(paused.version()).isEqualTo(4);
        assertThat(paused.activeParticipantId()).isEqualTo("bot");
        assertThat(paused.participants().get(1).remainingMs()).isEqualTo(800);
        List<SessionEvent> last = sessionEvents().subList(sessionEvents().size() - 2, sessionEvents().size());
        assertThat(last).extracting(SessionEvent::event)
                .containsExactly(SessionEventType.TIME_EXPIRED, SessionEventType.PAUSED);
        assertThat(last).extracting(e -> e.state().version()).containsExactly(3L, 4L);
    }

    @Test
    void deleteRemovesTheSessionAndAnnouncesItsLastState() {
        SessionState s = started();

        service.delete(new SessionCommand(owner, s.sessionId(), 2L));

        assertThat(store.get(s.sessionId())).isEmpty();
        SessionEvent last = sessionEvents().get(sessionEvents().size() - 1);
        assertThat(last).isEqualTo(SessionEvent.deleted(s));
        assertThat(last.type()).isEqualTo("session.deleted");
        assertThatThrownBy(() -> service.delete(SessionCommand.of(owner, s.sessionId()))).isInstanceOf(NotFound.class);
    }

    @Test
    void anIfMatchBelowOneIsAValidationError() {
        SessionId id = new SessionId(UUID.randomUUID());

        assertThatThrownBy(() -> new SessionCommand(owner, id, 0L))
                .isInstanceOfSatisfying(ValidationFailed.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("If-Match"));
    }
}
