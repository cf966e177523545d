package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.IdempotencyStoreContractTest;
import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.port.out.IdempotencyStore.Claim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContractTest {
    @Override
    protected IdempotencyStore newStore(Duration window) {
        return InMemoryAdapters.idempotencyStore(Instant::now, window);
    }

    @Test
    void theStoreIsBounded_theOldestEntryIsEvictedFirst() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock, FIVE_MINUTES, 3);
        for (int i = 0; i < 5; i++) {
            store.claim("key:a", "k" + i);
            store.answer("key:a", "k" + i, outcome());
            clock.advance(1);
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.claim("key:a", "k4")).isInstanceOf(Claim.Answered.class);
        assertThat(store.claim("key:a", "k0")).as("evicted").isInstanceOf(Claim.Granted.class);
    }

    @Test
    void expiredEntriesAreSweptAsNewOnesCome() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock, Duration.ofSeconds(1), 100);
        for (int i = 0; i < 50; i++) {
            store.claim("key:a", "k" + i);
        }
        clock.advance(1_000);
        store.claim("key:a", "fresh");
        assertThat(store.size()).isEqualTo(1);
    }
}
