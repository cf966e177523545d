package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.SessionCommand;
import io.switchboard.application.port.in.session.SwitchCycleUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.service.session.SessionSyncService;
import io.switchboard.domain.event.SessionEvent;
import io.switchboard.domain.failure.VersionConflict;
import io.switchboard.domain.session.Participant;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads changing one session through the service and the in-memory store at once. */
class SessionSyncConcurrencyTest {
    static final int THREADS = 8;
    static final int SWITCHES_PER_THREAD = 50;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00.000Z");

    /** Every reading moves time on by 1 ms, so every operation charges a different, known amount. */
    final AtomicLong ticks = new AtomicLong();
    final Clock clock = () -> T0.plusMillis(ticks.incrementAndGet());
    final SessionStore store = InMemorySessionAdapters.sessionStore(clock, Duration.ofHours(1));
    final ConcurrentLinkedQueue<SessionEvent> events = new ConcurrentLinkedQueue<>();
    final SessionSyncService service = new SessionSyncService(store, InMemorySessionAdapters.switchRateLimiter(0),
            e -> events.add((SessionEvent) e), clock, UUID::randomUUID, Metrics.NONE);
    final Caller owner = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    SessionState started() {
        SessionSpec spec = new SessionSpec(null, SyncMode.PER_PARTICIPANT,
                List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b"), ParticipantSpec.of("c")),
                86_400_000L, null, 1_000L, null, null, null);
        SessionState created = service.create(new CreateSessionUseCase.Command(owner, spec));
        return service.start(SessionCommand.of(owner, created.sessionId()));
    }

    /** Runs {@code work} on every thread at once and gathers what each returned. */
    <T> List<T> together(Callable<List<T>> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<T>>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return work.call();
            }));
        }
        go.countDown();
        List<T> all = new ArrayList<>();
        for (Future<List<T>> f : futures) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        return all;
    }

    @Test
    void everySwitchLandsWithItsOwnVersionAndTheResultEqualsASequentialReplay() throws Exception {
        SessionState start = started();
        SessionId id = start.sessionId();

        List<Long> versions = together(() -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < SWITCHES_PER_THREAD; i++) {
                mine.add(service.switchCycle(new SwitchCycleUseCase.Command(owner, id, null, null)).version());
            }
            return mine;
        });

        int total = THREADS * SWITCHES_PER_THREAD;
        assertThat(versions).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(3, 2 + total).boxed().toList());
        SessionState last = store.get(id).orElseThrow();
        assertThat(last.version()).isEqualTo(2 + total);

        List<SessionState> switched = events.stream().filter(e -> e.event() == SessionEventType.SWITCHED)
                .map(SessionEvent::state).sorted(Comparator.comparingLong(SessionState::version)).toList();
        assertThat(switched).hasSize(total);
        SessionState replay = start;
        for (SessionState stored : switched) {
            replay = SessionTransitions.switchCycle(replay, null, stored.updatedAt()).after();
            assertThat(stored).isEqualTo(replay);
        }
        assertThat(last).isEqualTo(replay);
        long charged = last.participants().stream().mapToLong(Participant::usedMs).sum();
        assertThat(charged).isEqualTo(last.cycleStartedAt().toEpochMilli() - start.cycleStartedAt().toEpochMilli());
    }

    @Test
    void withIfMatchEachSuccessIsOneVersionAndEveryLoserIsAVersionConflict() throws Exception {
        SessionId id = started().sessionId();

        List<Optional<Long>> outcomes = together(() -> {
            List<Optional<Long>> mine = new ArrayList<>();
            for (int i = 0; i < SWITCHES_PER_THREAD; i++) {
                long seen = store.get(id).orElseThrow().version();
                try {
                    mine.add(Optional.of(service.switchCycle(
                            new SwitchCycleUseCase.Command(owner, id, null, seen)).version()));
                } catch (VersionConflict conflict) {
                    assertThat(conflict.expectedVersion()).isEqualTo(seen);
                    assertThat(conflict.actualVersion()).isGreaterThan(seen);
                    mine.add(Optional.empty());
                }
            }
            return mine;
        });

        List<Long> wins = outcomes.stream().flatMap(Optional::stream).toList();
        assertThat(wins).isNotEmpty().doesNotHaveDuplicates();
        assertThat(store.get(id).orElseThrow().version()).isEqualTo(2 + wins.size());
    }
}
