package io.switchboard.application.service.ops;

import io.switchboard.application.port.in.ops.CheckHealthUseCase.Overall;
import io.switchboard.application.port.in.ops.CheckHealthUseCase.Readiness;
import io.switchboard.application.port.in.ops.CheckHealthUseCase.Report;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.HealthCheck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class HealthServiceTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final Clock clock = now::get;
    final Switchable store = new Switchable("stateStore", HealthCheck.Impact.UNHEALTHY);
    final Switchable pubsub = new Switchable("pubsub", HealthCheck.Impact.DEGRADED);
    final HealthService health = new HealthService(List.of(store, pubsub), clock, "1.2.3");

    /** A component whose answer the test sets. */
    static final class Switchable implements HealthCheck {
        final String name;
        final Impact impact;
        volatile Status status = Status.UP;

        Switchable(String name, Impact impact) {
            this.name = name;
            this.impact = impact;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Impact impactWhenDown() {
            return impact;
        }

        @Override
        public Result check() {
            if (status == null) {
                throw new IllegalStateException("a broken check");
            }
            return new Result(status, Map.of("adapter", "test"));
        }
    }

    @Test
    void allUp_isHealthyAndReady_withUptimeVersionAndEveryCheck() {
        now.set(now.get().plusSeconds(42));

        Report report = health.health();

        assertThat(report.status()).isEqualTo(Overall.HEALTHY);
        assertThat(report.uptimeSeconds()).isEqualTo(42);
        assertThat(report.version()).isEqualTo("1.2.3");
        assertThat(report.ready()).isTrue();
        assertThat(report.checks()).containsOnlyKeys("stateStore", "pubsub");
        assertThat(report.checks().get("pubsub").status()).isEqualTo("up");
        assertThat(report.checks().get("pubsub").details()).containsEntry("adapter", "test");
        assertThat(report.checks().get("stateStore").latencyMs()).isNotNegative();
        assertThat(health.readiness()).isEqualTo(new Readiness(true, List.of()));
    }

    @Test
    void givenTheStateStoreDown_theServerIsUnhealthyAndNotReady() {
        store.status = HealthCheck.Status.DOWN;

        assertThat(health.health().status()).isEqualTo(Overall.UNHEALTHY);
        assertThat(health.readiness()).isEqualTo(new Readiness(false, List.of("stateStore down")));
    }

    @Test
    void givenPubSubDown_theServerIsDegradedAndNotReady() {
        pubsub.status = HealthCheck.Status.DOWN;

        assertThat(health.health().status()).isEqualTo(Overall.DEGRADED);
        assertThat(health.readiness().ready()).isFalse();
    }

    @Test
    void givenAComponentDegraded_theServerIsDegradedButReady() {
        store.status = HealthCheck.Status.DEGRADED;

        assertThat(health.health().status()).isEqualTo(Overall.DEGRADED);
        assertThat(health.readiness().ready()).isTrue();
    }

    @Test
    void aCheckThatThrowsCountsAsDown() {
        store.status = null;

        Report report = health.health();

        assertThat(report.status()).isEqualTo(Overall.UNHEALTHY);
        assertThat(report.checks().get("stateStore").status()).isEqualTo("down");
    }

    @Test
    void whileDraining_theServerIsNotReadyButStillHealthy() {
        health.beginDrain();

        assertThat(health.readiness()).isEqualTo(new Readiness(false, List.of("draining")));
        Report report = health.health();
        assertThat(report.status()).isEqualTo(Overall.HEALTHY);
        assertThat(report.draining()).isTrue();
        assertThat(report.ready()).isFalse();
        assertThat(health.live()).isTrue();
    }
}
