package io.switchboard.adapters.out;

import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SessionStore} promises (the port's javadoc). Subclass it for each implementation, so in-memory
 * and Redis can never drift apart.
 */
public abstract class SessionStoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-05-06T07:08:09.000Z");
    protected static final Duration TTL = Duration.ofSeconds(3600);

    protected final TestClock clock = new TestClock(T0);

    /** A fresh, empty store on {@code clock} with the given time to live, maximum lifetime and per-owner cap. */
    protected abstract SessionStore newStore(Clock clock, Duration ttl, Duration maxLifetime, int maxPerOwner);

    /** A fresh, empty store on {@code clock} with the given time to live, no lifetime limit and no cap. */
    protected SessionStore newStore(Clock clock, Duration ttl) {
        return newStore(clock, ttl, Duration.ZERO, 0);
    }

    private SessionStore store;

    @BeforeEach
    void newStoreForEachTest() {
        store = newStore(clock, TTL);
    }

    protected static SessionState pending(long totalMs) {
        return pending(totalMs, new SessionId(UUID.randomUUID()), T0);
    }

    protected static SessionState pending(long totalMs, SessionId id, Instant at) {
        SessionSpec spec = new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("a"),
                ParticipantSpec.of("b")), totalMs, null, null, null, null, null);
        return SessionTransitions.create(spec, id, new UserId(UUID.randomUUID()), at);
    }

    protected static SessionState running(long totalMs, Instant at) {
        return SessionTransitions.start(pending(totalMs), at).after();
    }

    @Test
    void aCreatedSessionCanBeRead() {
        SessionState s = pending(60_000);

        store.create(s);

        assertThat(store.get(s.sessionId())).contains(s);
        assertThat(store.get(new SessionId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void aSessionOwnedByAUserOfTheAppsIdentityProvider_keepsThatOwnerAndParticipant() {
        SessionSpec spec = new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("idp:player-1"),
                ParticipantSpec.of("b")), 60_000L, null, null, null, null, null);
        SessionState s = SessionTransitions.create(spec, new SessionId(UUID.randomUUID()),
                new UserId("idp:owner-1"), T0);

        store.create(s);

        assertThat(store.get(s.sessionId())).contains(s);
        assertThat(store.get(s.sessionId()).orElseThrow().ownerId()).isEqualTo(new UserId("idp:owner-1"));
    }

    @Test
    void creatingATakenIdIsSessionExistsAndKeepsTheStoredOne() {
        SessionState s = pending(60_000);
        store.create(s);
        SessionState other = SessionTransitions.start(s, T0).after();

        assertThatThrownBy(() -> store.create(other))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.reason()).isEqualTo("SESSION_EXISTS"));
        assertThat(store.get(s.sessionId())).contains(s);
    }

    @Test
    void compareAndSetOnTheStoredVersionReplacesTheSession() {
        SessionState s = pending(60_000);
        store.create(s);
        SessionState next = SessionTransitions.start(s, T0).after();

        assertThat(store.compareAndSet(1, next)).isTrue();

        assertThat(store.get(s.sessionId())).contains(next);
    }

    @Test
    void compareAndSetOnAStaleVersionChangesNothing() {
        SessionState s = pending(60_000);
        store.create(s);
        SessionState v2 = SessionTransitions.start(s, T0).after();
        store.compareAndSet(1, v2);
        SessionState staleWrite = SessionTransitions.start(s, T0.plusMillis(5)).after(); // also decided on v1

        assertThat(store.compareAndSet(1, staleWrite)).isFalse();

        assertThat(store.get(s.sessionId())).contains(v2);
    }

    @Test
    void compareAndSetOnAMissingSessionIsFalseAndCreatesNothing() {
        SessionState s = pending(60_000);

        assertThat(store.compareAndSet(1, SessionTransitions.start(s, T0).after())).isFalse();

        assertThat(store.get(s.sessionId())).isEmpty();
    }

    @Test
    void deleteRemovesOnlyTheStoredVersion() {
        SessionState s = pending(60_000);
        store.create(s);

        assertThat(store.delete(s.sessionId(), 2)).isFalse();
        assertThat(store.get(s.sessionId())).contains(s);
        assertThat(store.delete(s.sessionId(), 1)).isTrue();
        assertThat(store.get(s.sessionId())).isEmpty();
        assertThat(store.delete(s.sessionId(), 1)).isFalse();
    }

    @Test
    void aRunningClockIsDueAtItsDeadlineAndNotBefore() {
        SessionState s = running(5_000, T0);
        store.create(s);

        assertThat(store.nextDeadline()).contains(T0.plusMillis(5_000));
        assertThat(store.dueBy(T0.plusMillis(4_999), 10)).isEmpty();
        assertThat(store.dueBy(T0.plusMillis(5_000), 10)).containsExactly(s.sessionId());
    }

    @Test
    void dueSessionsComeEarliestFirstUpToTheLimit() {
        SessionState late = running(3_000, T0);
        SessionState early = running(1_000, T0);
        SessionState middle = running(2_000, T0);
        SessionState notYet = running(9_000, T0);
        for (SessionState s : List.of(late, early, middle, notYet)) {
            store.create(s);
        }

        assertThat(store.dueBy(T0.plusMillis(5_000), 10))
                .containsExactly(early.sessionId(), middle.sessionId(), late.sessionId());
        assertThat(store.dueBy(T0.plusMillis(5_000), 2)).containsExactly(early.sessionId(), middle.sessionId());
        assertThat(store.nextDeadline()).contains(T0.plusMillis(1_000));
    }

    @Test
    void theDeadlineFollowsEveryWrite() {
        SessionState s = running(5_000, T0);
        store.create(s);

        SessionState paused = SessionTransitions.pause(s, T0.plusMillis(1_000)).after();
        store.compareAndSet(s.version(), paused);
        assertThat(store.nextDeadline()).isEmpty();
        assertThat(store.dueBy(T0.plusMillis(100_000), 10)).isEmpty();

        SessionState resumed = SessionTransitions.resume(paused, T0.plusMillis(2_000)).after();
        store.compareAndSet(paused.version(), resumed);
        assertThat(store.nextDeadline()).contains(T0.plusMillis(6_000));

        store.delete(s.sessionId(), resumed.version());
        assertThat(store.nextDeadline()).isEmpty();
    }

    @Test
    void aSessionThatIsNotRunningIsGoneTtlAfterItsLastChange() {
        SessionState s = pending(60_000);
        store.create(s);

        clock.advance(TTL.toMillis() - 1);
        assertThat(store.get(s.sessionId())).isPresent();
        clock.advance(1);
        assertThat(store.get(s.sessionId())).isEmpty();
        assertThat(store.compareAndSet(1, SessionTransitions.start(s, clock.now()).after())).isFalse();
        SessionState again = pending(60_000, s.sessionId(), clock.now());
        store.create(again);
        assertThat(store.get(s.sessionId())).contains(again);
    }

    @Test
    void purgeIdleRemovesWhatOutlivedItsTtl() {
        SessionState idle = pending(60_000);
        SessionState fresh = pending(60_000);
        store.create(idle);
        clock.advance(10_000);
        SessionState freshV2 = SessionTransitions.pause(SessionTransitions.start(fresh, clock.now()).after(),
                clock.now()).after();
        store.create(freshV2);

        clock.advance(TTL.toMillis() - 10_000);

        assertThat(store.purgeIdle(clock.now(), 10)).containsExactly(idle);
        assertThat(store.get(idle.sessionId())).isEmpty();
        assertThat(store.get(fresh.sessionId())).isPresent();
        assertThat(store.purgeIdle(clock.now(), 10)).as("taken out once").isEmpty();
    }

    @Test
    void aRemovedSessionIsHiddenAtOnceButOnlyPurgeTakesItOut_soItsRemovalCanBeAnnounced() {
        SessionState s = pending(60_000);
        store.create(s);
        clock.advance(TTL.toMillis());

        assertThat(store.get(s.sessionId())).isEmpty();
        assertThat(store.compareAndSet(1, SessionTransitions.start(s, clock.now()).after())).isFalse();
        assertThat(store.delete(s.sessionId(), 1)).isFalse();

        assertThat(store.purgeIdle(clock.now(), 10)).containsExactly(s);
    }

    @Test
    void purgeHandsBackAtMostTheLimit() {
        for (int i = 0; i < 5; i++) {
            store.create(pending(60_000));
        }
        clock.advance(TTL.toMillis());

        assertThat(store.purgeIdle(clock.now(), 3)).hasSize(3);
        assertThat(store.purgeIdle(clock.now(), 3)).hasSize(2);
    }

    @Test
    void anySessionIsRemovedItsMaximumLifetimeAfterItsCreation_evenWhileRunning() {
        SessionStore limited = newStore(clock, TTL, Duration.ofSeconds(60), 0);
        SessionState s = running(86_400_000, T0);
        limited.create(s);

        clock.advance(59_999);
        assertThat(limited.get(s.sessionId())).contains(s);
        assertThat(limited.purgeIdle(clock.now(), 10)).isEmpty();
        clock.advance(1);

        assertThat(limited.get(s.sessionId())).isEmpty();
        assertThat(limited.purgeIdle(clock.now(), 10)).containsExactly(s);
    }

    @Test
    void anOwnerOverTheCapIsRefused_andADeleteOrARemovalMakesRoom() {
        SessionStore capped = newStore(clock, TTL, Duration.ZERO, 2);
        UserId owner = new UserId(UUID.randomUUID());
        SessionState first = ownedBy(owner);
        capped.create(first);
        SessionState second = ownedBy(owner);
        capped.create(second);

        assertThatThrownBy(() -> capped.create(ownedBy(owner)))
                .isInstanceOfSatisfying(Conflict.class, c -> {
                    assertThat(c.reason()).isEqualTo("SESSION_LIMIT_REACHED");
                    assertThat(c.details()).containsEntry("limit", 2);
                });
        capped.create(ownedBy(new UserId(UUID.randomUUID()))); // another owner is not affected

        assertThat(capped.delete(first.sessionId(), 1)).isTrue();
        capped.create(ownedBy(owner));
        clock.advance(TTL.toMillis());
        assertThat(capped.purgeIdle(clock.now(), 10)).hasSize(3);
        capped.create(ownedBy(owner));
        capped.create(ownedBy(owner));
    }

    @Test
    void concurrentCreatesOfOneOwnerNeverOvershootTheCap() throws Exception {
        SessionStore capped = newStore(clock, TTL, Duration.ZERO, 5);
        UserId owner = new UserId(UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> {
                    try {
                        capped.create(ownedBy(owner));
                        return true;
                    } catch (Conflict full) {
                        return false;
                    }
                }));
            }
            int created = 0;
            for (Future<Boolean> result : results) {
                created += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(created).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    private static SessionState ownedBy(UserId owner) {
        SessionSpec spec = new SessionSpec(null, SyncMode.GLOBAL, List.of(ParticipantSpec.of("a")), 60_000L, null,
                null, null, null, null);
        return SessionTransitions.create(spec, new SessionId(UUID.randomUUID()), owner, T0);
    }

    @Test
    void aRunningSessionOutlivesItsTtl() {
        SessionState s = running(86_400_000, T0);
        store.create(s);

        clock.advance(TTL.toMillis() * 3);
        assertThat(store.purgeIdle(clock.now(), 10)).isEmpty();

        assertThat(store.get(s.sessionId())).contains(s);
    }

    @Test
    void aWriteRestartsTheTtl() {
        SessionState s = pending(60_000);
        store.create(s);
        clock.advance(TTL.toMillis() - 1_000);
        SessionState paused = SessionTransitions.pause(SessionTransitions.start(s, clock.now()).after(),
                clock.now()).after();

        assertThat(store.compareAndSet(1, paused)).isTrue();
        clock.advance(TTL.toMillis() - 1);

        assertThat(store.get(s.sessionId())).contains(paused);
    }

    @Test
    void aTtlOfZeroKeepsSessionsForEver() {
        SessionStore forever = newStore(clock, Duration.ZERO);
        SessionState s = pending(60_000);
        forever.create(s);

        clock.advance(TTL.toMillis() * 100);
        assertThat(forever.purgeIdle(clock.now(), 10)).isEmpty();

        assertThat(forever.get(s.sessionId())).contains(s);
    }

    @Test
    void ofManyConcurrentWritesFromTheSameVersionExactlyOneWins() throws Exception {
        SessionState s = running(60_000, T0);
        store.create(s);
        int writers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                long at = i + 1;
                Callable<Boolean> write = () -> {
                    go.await();
                    return store.compareAndSet(s.version(),
                            SessionTransitions.switchCycle(s, null, T0.plusMillis(at)).after());
                };
                results.add(pool.submit(write));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> r : results) {
                wins += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.get(s.sessionId()).orElseThrow().version()).isEqualTo(s.version() + 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
