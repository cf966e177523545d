package io.switchboard.adapters.out;

import io.switchboard.application.port.out.UserConnections;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link UserConnections} promises: at most the cap per user, atomically; removal frees a slot. */
public abstract class UserConnectionsContractTest {
    protected final UserId alice = new UserId(UUID.randomUUID());
    protected final UserId bob = new UserId(UUID.randomUUID());

    /** A fresh counter with the cap {@code maxPerUser} (0 = no limit). */
    protected abstract UserConnections newCounter(int maxPerUser);

    @Test
    void acceptsUpToTheCapThenRefuses() {
        UserConnections counter = newCounter(2);

        assertThat(counter.tryAdd(alice, "c1")).isTrue();
        assertThat(counter.tryAdd(alice, "c2")).isTrue();
        assertThat(counter.tryAdd(alice, "c3")).isFalse();

        assertThat(counter.count(alice)).isEqualTo(2);
    }

    @Test
    void removingAConnectionFreesASlot() {
        UserConnections counter = newCounter(1);
        counter.tryAdd(alice, "c1");

        counter.remove(alice, "c1");

        assertThat(counter.count(alice)).isZero();
        assertThat(counter.tryAdd(alice, "c2")).isTrue();
    }

    @Test
    void addingTheSameConnectionAgainTakesNoSecondSlot() {
        UserConnections counter = newCounter(1);
        counter.tryAdd(alice, "c1");

        assertThat(counter.tryAdd(alice, "c1")).isTrue();
        assertThat(counter.count(alice)).isEqualTo(1);
    }

    @Test
    void usersHaveSeparateCaps() {
        UserConnections counter = newCounter(1);

        assertThat(counter.tryAdd(alice, "c1")).isTrue();
        assertThat(counter.tryAdd(bob, "c2")).isTrue();
        assertThat(counter.tryAdd(alice, "c3")).isFalse();
    }

    @Test
    void removingAnUnknownConnectionDoesNothing() {
        UserConnections counter = newCounter(1);
        counter.tryAdd(alice, "c1");

        counter.remove(alice, "nope");
        counter.remove(bob, "nope");

        assertThat(counter.count(alice)).isEqualTo(1);
    }

    @Test
    void zeroMeansNoLimit() {
        UserConnections counter = newCounter(0);

        for (int i = 0; i < 200; i++) {
            assertThat(counter.tryAdd(alice, "c" + i)).isTrue();
        }
    }

    @Test
    void concurrentAddsNeverPassTheCap() throws Exception {
        UserConnections counter = newCounter(5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> adds = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = "c" + i;
                adds.add(() -> counter.tryAdd(alice, id));
            }
            long accepted = 0;
            for (Future<Boolean> f : pool.invokeAll(adds)) {
                accepted += f.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(5);
            assertThat(counter.count(alice)).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }
}
