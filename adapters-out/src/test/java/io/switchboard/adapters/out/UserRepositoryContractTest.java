package io.switchboard.adapters.out;

import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.port.out.UserRepository.Update;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link UserRepository} promises. Subclass it for each implementation. */
public abstract class UserRepositoryContractTest {
    protected static final Instant T0 = Instant.parse("2026-05-06T07:08:09.123Z");

    /** A fresh, empty repository. */
    protected abstract UserRepository newRepository();

    private UserRepository users;

    @BeforeEach
    void newRepositoryForEachTest() {
        users = newRepository();
    }

    protected static User user(String email) {
        return new User(new UserId(UUID.randomUUID()), new Email(email), "Ada Lovelace",
                "pbkdf2-sha256$210000$c2FsdA$a2V5", Set.of(Role.USER), T0, T0);
    }

    @Test
    void anInsertedUserIsFoundByIdAndByEmailWithEveryField() {
        User ada = new User(new UserId(UUID.randomUUID()), new Email("ada@example.com"), "Ada \"Countess\" Ł",
                "pbkdf2-sha256$210000$c2FsdA$a2V5", Set.of(Role.USER, Role.ADMIN), T0, T0.plusNanos(456_789));

        users.insert(ada);

        assertThat(users.findById(ada.id())).hasValueSatisfying(found -> {
            assertThat(found).isEqualTo(ada);
            assertThat(found.passwordHash()).isEqualTo(ada.passwordHash());
        });
        assertThat(users.findByEmail(new Email("ADA@example.com"))).contains(ada);
        assertThat(users.findById(new UserId(UUID.randomUUID()))).isEmpty();
        assertThat(users.findByEmail(new Email("nobody@example.com"))).isEmpty();
    }

    @Test
    void insertingATakenEmailIsEmailTakenAndKeepsTheFirstUser() {
        User first = user("ada@example.com");
        users.insert(first);
        User second = user("ada@example.com");

        assertThatThrownBy(() -> users.insert(second))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.reason()).isEqualTo("EMAIL_TAKEN"));
        assertThat(users.findByEmail(first.email())).contains(first);
        assertThat(users.findById(second.id())).isEmpty();
    }

    @Test
    void anUpdateReplacesTheUserAndMovesTheEmail() {
        User ada = user("ada@example.com");
        users.insert(ada);
        User renamed = ada.withEmail(new Email("countess@example.com"), T0.plusSeconds(1))
                .withName("Countess", T0.plusSeconds(1));

        assertThat(users.update(renamed.nextVersion(), 0)).isEqualTo(Update.UPDATED);

        assertThat(users.findById(ada.id())).contains(renamed.nextVersion());
        assertThat(users.findByEmail(new Email("countess@example.com"))).contains(renamed.nextVersion());
        assertThat(users.findByEmail(new Email("ada@example.com"))).isEmpty();
        User newcomer = user("ada@example.com");
        users.insert(newcomer); // the old address is free again
        assertThat(users.findByEmail(new Email("ada@example.com"))).contains(newcomer);
    }

    @Test
    void anUpdateKeepingTheEmailChangesTheOtherFields() {
        User ada = user("ada@example.com");
        users.insert(ada);
        User renamed = ada.withName("Ada King", T0.plusSeconds(1)).nextVersion();

        assertThat(users.update(renamed, 0)).isEqualTo(Update.UPDATED);

        assertThat(users.findByEmail(ada.email())).contains(renamed);
    }

    @Test
    void updatingToAnotherUsersEmailIsEmailTakenAndChangesNothing() {
        User ada = user("ada@example.com");
        User bob = user("bob@example.com");
        users.insert(ada);
        users.insert(bob);

        assertThatThrownBy(() -> users.update(bob.withEmail(ada.email(), T0.plusSeconds(1)).nextVersion(), 0))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.reason()).isEqualTo("EMAIL_TAKEN"));

        assertThat(users.findById(bob.id())).contains(bob);
        assertThat(users.findByEmail(ada.email())).contains(ada);
        assertThat(users.findByEmail(bob.email())).contains(bob);
    }

    @Test
    void updatingAMissingUserIsNotFoundAndStoresNothing() {
        User ghost = user("ghost@example.com");

        assertThat(users.update(ghost.nextVersion(), 0)).isEqualTo(Update.NOT_FOUND);

        assertThat(users.findById(ghost.id())).isEmpty();
        assertThat(users.findByEmail(ghost.email())).isEmpty();
    }

    @Test
    void everyFieldOfAnUpdateIsStored_versionsAndTheRegisteredEmailFlagIncluded() {
        User ada = user("ada@example.com");
        users.insert(ada);
        User changed = ada.withEmail(new Email("countess@example.com"), T0.plusSeconds(1))
                .withPasswordHash("pbkdf2-sha256$210000$bmV3$a2V5Mg", T0.plusSeconds(1)).nextVersion();

        assertThat(users.update(changed, 0)).isEqualTo(Update.UPDATED);

        User stored = users.findById(ada.id()).orElseThrow();
        assertThat(stored).isEqualTo(changed);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.credentialVersion()).isEqualTo(1);
        assertThat(stored.emailAsRegistered()).isFalse();
        assertThat(users.findByEmail(changed.email())).contains(changed);
    }

    @Test
    void anUpdateFromAStaleVersionIsVersionChangedAndChangesNothing() {
        User ada = user("ada@example.com");
        users.insert(ada);
        User renamed = ada.withName("Ada King", T0.plusSeconds(1)).nextVersion();
        assertThat(users.update(renamed, 0)).isEqualTo(Update.UPDATED);

        // A second writer that also read version 0: its change would overwrite the rename.
        User stale = ada.withEmail(new Email("countess@example.com"), T0.plusSeconds(2)).nextVersion();
        assertThat(users.update(stale, 0)).isEqualTo(Update.VERSION_CHANGED);

        assertThat(users.findById(ada.id())).contains(renamed);
        assertThat(users.findByEmail(ada.email())).contains(renamed);
        assertThat(users.findByEmail(new Email("countess@example.com"))).isEmpty();
        // Read again, apply again: both changes survive.
        User both = renamed.withEmail(new Email("countess@example.com"), T0.plusSeconds(2)).nextVersion();
        assertThat(users.update(both, 1)).isEqualTo(Update.UPDATED);
        assertThat(users.findById(ada.id())).hasValueSatisfying(u -> {
            assertThat(u.name()).isEqualTo("Ada King");
            assertThat(u.email().value()).isEqualTo("countess@example.com");
            assertThat(u.version()).isEqualTo(2);
        });
    }

    @Test
    void aStaleUpdateToATakenEmailIsVersionChanged_theVersionIsCheckedFirst() {
        User ada = user("ada@example.com");
        User bob = user("bob@example.com");
        users.insert(ada);
        users.insert(bob);
        assertThat(users.update(bob.withName("Bob B", T0.plusSeconds(1)).nextVersion(), 0)).isEqualTo(Update.UPDATED);

        assertThat(users.update(bob.withEmail(ada.email(), T0.plusSeconds(2)).nextVersion(), 0))
                .isEqualTo(Update.VERSION_CHANGED);
    }

    @Test
    void theSameUpdateRepeated_isUpdatedAgain_whileAnotherFromTheSameVersionIsNot() {
        User ada = user("ada@example.com");
        users.insert(ada);
        User renamed = ada.withName("Ada King", T0.plusSeconds(1)).nextVersion();

        assertThat(users.update(renamed, 0)).isEqualTo(Update.UPDATED);
        assertThat(users.update(renamed, 0)).as("re-sent after a reconnect").isEqualTo(Update.UPDATED);

        assertThat(users.update(ada.withName("Other", T0.plusSeconds(1)).nextVersion(), 0))
                .isEqualTo(Update.VERSION_CHANGED);
        assertThat(users.findById(ada.id())).contains(renamed);
    }

    @Test
    void anUpdateMustStoreTheNextVersion() {
        User ada = user("ada@example.com");
        users.insert(ada);

        assertThatThrownBy(() -> users.update(ada.withName("Same Version", T0), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(users.findById(ada.id())).contains(ada);
    }

    @Test
    void ofManyUpdatesRacingFromOneVersionExactlyOneWins() throws Exception {
        User ada = user("ada@example.com");
        users.insert(ada);
        List<User> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(ada.withName("Racer " + i, T0.plusSeconds(1)).nextVersion());
        }

        int wins = race(racers.stream().<Callable<Boolean>>map(u -> () -> users.update(u, 0) == Update.UPDATED)
                .toList());

        assertThat(wins).isEqualTo(1);
        User stored = users.findById(ada.id()).orElseThrow();
        assertThat(racers).contains(stored);
        assertThat(stored.version()).isEqualTo(1);
    }

    @Test
    void readModifyWriteLoopsOfManyWritersLoseNoUpdate() throws Exception {
        User ada = user("ada@example.com");
        users.insert(ada);
        int writers = 3;
        int incrementsEach = 5;

        race(java.util.stream.IntStream.range(0, writers).<Callable<Boolean>>mapToObj(w -> () -> {
            for (int i = 0; i < incrementsEach; i++) {
                while (true) {
                    User current = users.findById(ada.id()).orElseThrow();
                    String[] words = current.name().split(" ");
                    int count = words[0].equals("Count") ? Integer.parseInt(words[1]) : 0;
                    // Each writer's next state differs from the others' (an identical next state from the same
                    // version would count as one write repeated: both writers asked for the same user).
                    User next = current.withName("Count " + (count + 1) + " by " + w, T0).nextVersion();
                    if (users.update(next, current.version()) == Update.UPDATED) {
                        break;
                    }
                }
            }
            return true;
        }).toList());

        User stored = users.findById(ada.id()).orElseThrow();
        assertThat(stored.name()).startsWith("Count " + writers * incrementsEach + " by ");
        assertThat(stored.version()).isEqualTo(writers * incrementsEach);
    }

    @Test
    void deleteRemovesTheUserAndFreesTheEmail() {
        User ada = user("ada@example.com");
        users.insert(ada);

        assertThat(users.delete(ada.id())).isTrue();

        assertThat(users.findById(ada.id())).isEmpty();
        assertThat(users.findByEmail(ada.email())).isEmpty();
        assertThat(users.delete(ada.id())).isFalse();
        users.insert(user("ada@example.com"));
    }

    @Test
    void ofManyRacingRegistrationsOfOneEmailExactlyOneWins() throws Exception {
        List<User> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(user("race@example.com"));
        }

        int wins = race(racers.stream().<Callable<Boolean>>map(u -> () -> {
            try {
                users.insert(u);
                return true;
            } catch (Conflict e) {
                return false;
            }
        }).toList());

        assertThat(wins).isEqualTo(1);
        User winner = users.findByEmail(new Email("race@example.com")).orElseThrow();
        assertThat(racers.stream().filter(u -> users.findById(u.id()).isPresent()).toList()).containsExactly(winner);
    }

    @Test
    void ofManyUsersRacingToTakeOneEmailExactlyOneWins() throws Exception {
        List<User> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            User u = user("user" + i + "@example.com");
            users.insert(u);
            racers.add(u);
        }
        Email wanted = new Email("wanted@example.com");

        int wins = race(racers.stream().<Callable<Boolean>>map(u -> () -> {
            try {
                return users.update(u.withEmail(wanted, T0.plusSeconds(1)).nextVersion(), 0) == Update.UPDATED;
            } catch (Conflict e) {
                return false;
            }
        }).toList());

        assertThat(wins).isEqualTo(1);
        User winner = users.findByEmail(wanted).orElseThrow();
        for (User u : racers) {
            User stored = users.findById(u.id()).orElseThrow();
            if (!stored.id().equals(winner.id())) {
                assertThat(stored).isEqualTo(u);
                assertThat(users.findByEmail(u.email())).contains(u);
            }
        }
    }

    private static int race(List<Callable<Boolean>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> task : tasks) {
                results.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> r : results) {
                wins += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            return wins;
        } finally {
            pool.shutdownNow();
        }
    }
}
