package io.switchboard.bench.jmh;

import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionChange;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.user.UserId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The session time arithmetic: a switch on a running session (charge the elapsed time, add the increment, activate
 * the next participant, version + 1) and the deadline computation the expiry scheduler and every state view use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionTransitionsBenchmark {
    @Param({"2", "100"})
    public int participants;

    @Param({"per_participant", "per_group"})
    public String mode;

    private SessionState running;
    private Instant later;

    @Setup
    public void setUp() {
        List<ParticipantSpec> specs = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            specs.add(new ParticipantSpec("p" + i, null, "g" + (i % 2)));
        }
        SyncMode syncMode = SyncMode.parse(mode);
        SessionSpec spec = new SessionSpec(null, syncMode, specs, 3_600_000L, null, 2_000L, null, null, Map.of());
        Instant now = Instant.parse("2026-01-02T03:04:05.678Z");
        running = SessionTransitions.start(
                SessionTransitions.create(spec, new SessionId(UUID.randomUUID()), new UserId(UUID.randomUUID()), now),
                now).after();
        later = now.plusMillis(1_234);
    }

    @Benchmark
    public SessionChange switchCycle() {
        return SessionTransitions.switchCycle(running, null, later);
    }

    @Benchmark
    public Optional<Instant> deadline() {
        return SessionTransitions.deadline(running);
    }
}
