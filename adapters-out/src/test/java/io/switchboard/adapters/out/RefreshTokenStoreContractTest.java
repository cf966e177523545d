package io.switchboard.adapters.out;

import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.RefreshTokenStore.Cause;
import io.switchboard.application.port.out.RefreshTokenStore.NewFamily;
import io.switchboard.application.port.out.RefreshTokenStore.Outcome;
import io.switchboard.application.port.out.RefreshTokenStore.Rotation;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link RefreshTokenStore} promises: rotation, reuse detection, expiry and revocation, atomically. */
public abstract class RefreshTokenStoreContractTest {
    protected static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    protected static final Instant EXPIRES = NOW.plus(Duration.ofDays(30));

    protected RefreshTokenStore store;
    protected final UserId ada = new UserId(UUID.randomUUID());
    protected final UserId bob = new UserId(UUID.randomUUID());

    /** A fresh, empty store. */
    protected abstract RefreshTokenStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void aFreshToken_rotates_andItsSuccessorRotatesToo_withTheFamilysExpiry() {
        UUID family = login(ada, "h1", 0);

        Rotation first = store.rotate(ada, "h1", "h2", 0, NOW.plusSeconds(10));
        Rotation second = store.rotate(ada, "h2", "h3", 0, NOW.plusSeconds(20));

        assertThat(first).isEqualTo(new Rotation(Outcome.ROTATED, family, EXPIRES, null));
        assertThat(second).isEqualTo(new Rotation(Outcome.ROTATED, family, EXPIRES, null));
    }

    @Test
    void aSpentToken_isReuse_andRevokesTheWholeFamily() {
        UUID family = login(ada, "h1", 0);
        store.rotate(ada, "h1", "h2", 0, NOW);

        Rotation reuse = store.rotate(ada, "h1", "h9", 0, NOW.plusSeconds(1));

        assertThat(reuse).isEqualTo(new Rotation(Outcome.REUSED, family, EXPIRES, Cause.REUSE));
        assertThat(store.rotate(ada, "h2", "h3", 0, NOW.plusSeconds(2)))
                .isEqualTo(new Rotation(Outcome.REVOKED, family, EXPIRES, Cause.REUSE));
        assertThat(store.rotate(ada, "h9", "h4", 0, NOW.plusSeconds(2)).outcome())
                .as("the successor the reuse asked for was never stored").isEqualTo(Outcome.UNKNOWN);
        assertThat(store.rotate(ada, "h1", "h5", 0, NOW.plusSeconds(3)).outcome()).isEqualTo(Outcome.REUSED);
    }

    @Test
    void reuseRevokesOnlyItsOwnFamily() {
        login(ada, "a1", 0);
        login(ada, "b1", 0);
        store.rotate(ada, "a1", "a2", 0, NOW);
        store.rotate(ada, "a1", "a3", 0, NOW);

        assertThat(store.rotate(ada, "b1", "b2", 0, NOW).outcome()).isEqualTo(Outcome.ROTATED);
    }

    @Test
    void anUnknownHash_orAnotherUsersToken_isUnknown() {
        login(ada, "h1", 0);

        assertThat(store.rotate(ada, "nope", "h2", 0, NOW)).isEqualTo(Rotation.of(Outcome.UNKNOWN));
        assertThat(store.rotate(bob, "h1", "h2", 0, NOW)).isEqualTo(Rotation.of(Outcome.UNKNOWN));
        assertThat(store.rotate(ada, "h1", "h2", 0, NOW).outcome()).isEqualTo(Outcome.ROTATED);
    }

    @Test
    void atItsExpiry_theFamilyIsExpired_thenAfterTheRetention_unknown() {
        UUID family = login(ada, "h1", 0);
        store.rotate(ada, "h1", "h2", 0, NOW);

        assertThat(store.rotate(ada, "h2", "h3", 0, EXPIRES.minusMillis(1)).outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(store.rotate(ada, "h3", "h4", 0, EXPIRES))
                .isEqualTo(new Rotation(Outcome.EXPIRED, family, EXPIRES, null));
        assertThat(store.rotate(ada, "h1", "h4", 0, EXPIRES).outcome())
                .as("an expired spent token is expired, not reuse").isEqualTo(Outcome.EXPIRED);
        assertThat(store.rotate(ada, "h3", "h4", 0, EXPIRES.plus(RefreshTokenStore.RETENTION)).outcome())
                .isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void aFamilyIssuedForAnotherCredentialVersion_isRevokedForGood() {
        UUID family = login(ada, "h1", 0);

        assertThat(store.rotate(ada, "h1", "h2", 1, NOW))
                .isEqualTo(new Rotation(Outcome.REVOKED, family, EXPIRES, Cause.PASSWORD_CHANGED));
        assertThat(store.rotate(ada, "h1", "h2", 0, NOW))
                .isEqualTo(new Rotation(Outcome.REVOKED, family, EXPIRES, Cause.PASSWORD_CHANGED));
    }

    @Test
    void revokeFamily_revokesTheTokensFamily_once_andOnlyForItsOwner() {
        UUID family = login(ada, "a1", 0);
        login(ada, "b1", 0);
        store.rotate(ada, "a1", "a2", 0, NOW);

        assertThat(store.revokeFamily(bob, "a2", Cause.LOGOUT, NOW)).isFalse();
        assertThat(store.revokeFamily(ada, "nope", Cause.LOGOUT, NOW)).isFalse();
        assertThat(store.revokeFamily(ada, "a1", Cause.LOGOUT, NOW)).as("a spent token names its family too").isTrue();
        assertThat(store.revokeFamily(ada, "a2", Cause.PASSWORD_CHANGED, NOW)).isFalse();

        assertThat(store.rotate(ada, "a2", "a3", 0, NOW))
                .isEqualTo(new Rotation(Outcome.REVOKED, family, EXPIRES, Cause.LOGOUT));
        assertThat(store.rotate(ada, "b1", "b2", 0, NOW).outcome()).isEqualTo(Outcome.ROTATED);
    }

    @Test
    void revokeAll_revokesEveryActiveFamilyOfTheUser_andNoOneElses() {
        login(ada, "a1", 0);
        login(ada, "b1", 0);
        login(ada, "c1", 0);
        login(bob, "d1", 0);
        store.revokeFamily(ada, "c1", Cause.LOGOUT, NOW);

        assertThat(store.revokeAll(ada, Cause.PASSWORD_CHANGED, NOW)).isEqualTo(2);
        assertThat(store.revokeAll(ada, Cause.LOGOUT, NOW)).isZero();

        assertThat(store.rotate(ada, "a1", "a2", 0, NOW).cause()).isEqualTo(Cause.PASSWORD_CHANGED);
        assertThat(store.rotate(ada, "b1", "b2", 0, NOW).outcome()).isEqualTo(Outcome.REVOKED);
        assertThat(store.rotate(ada, "c1", "c2", 0, NOW).cause()).as("keeps its first cause").isEqualTo(Cause.LOGOUT);
        assertThat(store.rotate(bob, "d1", "d2", 0, NOW).outcome()).isEqualTo(Outcome.ROTATED);
    }

    @Test
    void concurrentRotationsOfOneToken_exactlyOneWins_theOthersAreReuse() throws Exception {
        login(ada, "h1", 0);
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Rotation>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String next = "next-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return store.rotate(ada, "h1", next, 0, NOW);
                }));
            }
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Rotation> result : results) {
                outcomes.add(result.get(10, TimeUnit.SECONDS).outcome());
            }

            assertThat(outcomes).containsOnlyOnce(Outcome.ROTATED);
            assertThat(outcomes).filteredOn(o -> o != Outcome.ROTATED).containsOnly(Outcome.REUSED);
        } finally {
            pool.shutdownNow();
        }
    }

    protected UUID login(UserId user, String hash, long credentialVersion) {
        UUID family = UUID.randomUUID();
        store.create(new NewFamily(user, family, hash, credentialVersion, NOW, EXPIRES));
        return family;
    }
}
