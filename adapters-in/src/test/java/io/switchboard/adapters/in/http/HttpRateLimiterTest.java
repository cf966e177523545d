package io.switchboard.adapters.in.http;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-IP table is bounded; a full table forgets the least used clients rather than letting new ones pass. */
class HttpRateLimiterTest {
    private static final int LIMIT = 3;
    private static final long WINDOW_MS = 60_000;
    private static final int CAPACITY = 10;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final HttpRateLimiter limiter = new HttpRateLimiter(LIMIT, WINDOW_MS, CAPACITY, now::get, count -> { });

    @Test
    void moreClientsThanTheTableHolds_areEachStillLimited() {
        for (int client = 0; client < CAPACITY * 5; client++) {
            String ip = "10.0.0." + client;
            for (int i = 0; i < LIMIT; i++) {
                assertThat(limiter.acquire(ip).allowed()).as("request %d of %s", i + 1, ip).isTrue();
            }
            assertThat(limiter.acquire(ip).allowed()).as("the request over the limit from %s", ip).isFalse();
        }
        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(CAPACITY);
    }

    @Test
    void aFloodOfNewClients_doesNotFreeTheClientThatIsOverItsLimit() {
        String heavy = "10.1.1.1";
        for (int i = 0; i < LIMIT; i++) {
            limiter.acquire(heavy);
        }
        assertThat(limiter.acquire(heavy).allowed()).isFalse();

        for (int client = 0; client < CAPACITY * 5; client++) {
            limiter.acquire("10.2.0." + client);
            assertThat(limiter.acquire(heavy).allowed()).as("the heavy client after %d new ones", client + 1)
                    .isFalse();
        }
    }

    @Test
    void theTableStaysWithinItsCapacity_andEvictionsAreCounted() {
        AtomicLong evicted = new AtomicLong();
        HttpRateLimiter counting = new HttpRateLimiter(LIMIT, WINDOW_MS, CAPACITY, now::get, evicted::addAndGet);

        for (int client = 0; client < CAPACITY * 10; client++) {
            counting.acquire("10.3.0." + client);
        }

        assertThat(counting.trackedClients()).isLessThanOrEqualTo(CAPACITY);
        assertThat(evicted.get()).isGreaterThanOrEqualTo(CAPACITY * 9L);
    }

    @Test
    void aWindowThatIsOver_startsAFreshCount() {
        for (int i = 0; i < LIMIT; i++) {
            limiter.acquire("10.4.0.1");
        }
        assertThat(limiter.acquire("10.4.0.1").allowed()).isFalse();

        now.addAndGet(WINDOW_MS);

        HttpRateLimiter.Decision fresh = limiter.acquire("10.4.0.1");
        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(LIMIT - 1);
    }
}
