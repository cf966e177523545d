package io.switchboard.adapters.out.redis;

import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.port.out.UserRepository.Update;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user and its e-mail index entry live in two cluster slots, so a write is three steps (claim the entry, write
 * the user, release the old entry). These tests leave what a crash between two steps leaves behind, on the cluster,
 * and check that reads ignore it and the next write repairs it, while a claim in flight is never taken.
 */
class RedisUserEmailIndexRepairTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.000Z");
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private final String prefix = RedisServerFixture.newKeyPrefix();
    private final RedisKeys keys = new RedisKeys(prefix);
    private final UserRepository users = RedisAdapters.userRepository(CLUSTER.connection(), prefix);

    @Test
    void theUserAndItsEmailEntryAreInDifferentSlots() {
        User ada = user("ada@example.com");
        assertThat(io.lettuce.core.cluster.SlotHash.getSlot(keys.user(ada.id())))
                .isNotEqualTo(io.lettuce.core.cluster.SlotHash.getSlot(keys.userEmail(ada.email())));
    }

    @Test
    void anOldClaimWhoseUserWasNeverWritten_isInvisible_andTakenOverByTheNextRegistration() {
        User crashed = user("grace@example.com");
        entry(crashed.email(), crashed.id(), nowMs() - RedisUserRepository.CLAIM_LEASE_MS - 1_000); // step 1 only

        assertThat(users.findByEmail(crashed.email())).isEmpty();
        User grace = user("grace@example.com");
        users.insert(grace);

        assertThat(users.findByEmail(grace.email())).contains(grace);
        assertThat(users.findById(crashed.id())).isEmpty();
    }

    @Test
    void aFreshClaimOfAnotherUser_isARegistrationInFlight_andIsNotTaken() {
        User inFlight = user("linus@example.com");
        entry(inFlight.email(), inFlight.id(), nowMs()); // its step 2 may still come

        assertThatThrownBy(() -> users.insert(user("linus@example.com")))
                .isInstanceOf(Conflict.class).hasMessageContaining("already registered");
        assertThat(users.findByEmail(inFlight.email())).isEmpty();
    }

    @Test
    void anEntryLeftBehindByAnEmailChange_pointsAtAUserWithAnotherEmail_andIsIgnoredThenRepaired() {
        User ada = user("ada@example.com");
        users.insert(ada);
        User moved = ada.withEmail(new Email("ada.king@example.com"), T0.plusSeconds(1)).nextVersion();
        assertThat(users.update(moved, 0)).isEqualTo(Update.UPDATED);
        // what a crash before step 3 leaves: the old entry still names Ada, long ago
        entry(ada.email(), ada.id(), nowMs() - RedisUserRepository.CLAIM_LEASE_MS - 1_000);

        assertThat(users.findByEmail(ada.email())).isEmpty();
        assertThat(users.findByEmail(moved.email())).contains(moved);
        User newcomer = user("ada@example.com");
        users.insert(newcomer);
        assertThat(users.findByEmail(ada.email())).contains(newcomer);
    }

    @Test
    void aValidEntry_isNeverTakenOver_howeverOld() {
        User ada = user("ada@example.com");
        users.insert(ada);
        entry(ada.email(), ada.id(), 1); // claimed in 1970, and Ada has the e-mail: it is hers

        assertThatThrownBy(() -> users.insert(user("ada@example.com"))).isInstanceOf(Conflict.class);
        assertThat(users.findByEmail(ada.email())).contains(ada);
    }

    @Test
    void deletingAUser_releasesItsEntry() {
        User ada = user("ada@example.com");
        users.insert(ada);

        assertThat(users.delete(ada.id())).isTrue();

        long left = CLUSTER.connection().call(r -> r.exists(keys.userEmail(ada.email())));
        assertThat(left).isZero();
        users.insert(user("ada@example.com"));
    }

    private void entry(Email email, UserId owner, long claimedAtMs) {
        CLUSTER.connection().call(r -> r.set(keys.userEmail(email), owner + " " + claimedAtMs));
    }

    private static long nowMs() {
        return System.currentTimeMillis(); // the nodes run on this machine: Redis TIME is this clock
    }

    private static User user(String email) {
        return new User(new UserId(UUID.randomUUID()), new Email(email), "Someone", "hash", Set.of(Role.USER), T0, T0);
    }
}
