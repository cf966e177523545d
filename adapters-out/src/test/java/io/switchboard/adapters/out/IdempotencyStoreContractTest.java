package io.switchboard.adapters.out;

import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.port.out.IdempotencyStore.Claim;
import io.switchboard.application.publish.PublishOutcome;
import io.switchboard.application.publish.PublishOutcome.TopicError;
import io.switchboard.application.publish.PublishOutcome.TopicResult;
import io.switchboard.domain.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link IdempotencyStore} promises (docs/api.md, "Idempotency"). */
public abstract class IdempotencyStoreContractTest {
    protected static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    protected final String key = "order-" + UUID.randomUUID();

    /** A fresh store whose entries live for {@code window}. */
    protected abstract IdempotencyStore newStore(Duration window);

    protected static PublishOutcome outcome() {
        return new PublishOutcome(List.of(TopicResult.published("public.a"),
                new TopicResult("public.*", new TopicError(ErrorCode.VALIDATION_ERROR, "VALIDATION_ERROR",
                        "topics[1]: a pattern \"quoted\" ünïcode")),
                new TopicResult("sessions.x", new TopicError(ErrorCode.FORBIDDEN, "TOPIC_RESERVED", "no"))));
    }

    @Test
    void theFirstClaimIsGranted_aRepeatIsInProgressUntilAnswered_thenGetsTheAnswer() {
        IdempotencyStore store = newStore(FIVE_MINUTES);
        assertThat(store.claim("key:a", key)).isInstanceOf(Claim.Granted.class);
        assertThat(store.claim("key:a", key)).isInstanceOf(Claim.InProgress.class);

        store.answer("key:a", key, outcome());

        assertThat(store.claim("key:a", key)).isEqualTo(new Claim.Answered(outcome()));
        assertThat(store.claim("key:a", key)).isEqualTo(new Claim.Answered(outcome()));
    }

    @Test
    void scopesKeepTheirKeysApart() {
        IdempotencyStore store = newStore(FIVE_MINUTES);
        assertThat(store.claim("key:a", key)).isInstanceOf(Claim.Granted.class);
        assertThat(store.claim("key:b", key)).isInstanceOf(Claim.Granted.class);
        assertThat(store.claim("key:a", key + "x")).isInstanceOf(Claim.Granted.class);
        // a scope that ends where another's key begins is still another entry
        assertThat(store.claim("key:a:" + key, "k")).isInstanceOf(Claim.Granted.class);
        assertThat(store.claim("key:a", key + ":k")).isInstanceOf(Claim.Granted.class);
    }

    @Test
    void aReleasedClaimMayBeClaimedAgain() {
        IdempotencyStore store = newStore(FIVE_MINUTES);
        assertThat(store.claim("key:a", key)).isInstanceOf(Claim.Granted.class);
        store.release("key:a", key);
        assertThat(store.claim("key:a", key)).isInstanceOf(Claim.Granted.class);
    }

    @Test
    void ofConcurrentClaimsExactlyOneIsGranted() throws Exception {
        IdempotencyStore store = newStore(FIVE_MINUTES);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Claim> claim = () -> {
                    start.await();
                    return store.claim("key:race", key);
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            int granted = 0;
            for (Future<Claim> claim : claims) {
                if (claim.get(10, TimeUnit.SECONDS) instanceof Claim.Granted) {
                    granted++;
                }
            }
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEntryEndsWithItsWindow() {
        IdempotencyStore store = newStore(Duration.ofMillis(300));
        assertThat(store.claim("key:a", key)).isInstanceOf(Claim.Granted.class);
        store.answer("key:a", key, outcome());
        assertThat(store.claim("key:a", key)).isInstanceOf(Claim.Answered.class);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Claim claim;
        do {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            claim = store.claim("key:a", key);
        } while (!(claim instanceof Claim.Granted) && System.nanoTime() < deadline);
        assertThat(claim).as("claimable again once the window ended").isInstanceOf(Claim.Granted.class);
    }
}
