package io.switchboard.application.port.out;

import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.util.Optional;

/**
 * Users, with e-mail uniqueness enforced atomically by the store (two racing registrations: one wins), and updates
 * that are atomic per user: a compare-and-set on the user's {@link User#version() version}.
 */
public interface UserRepository {
    /** @throws io.switchboard.domain.failure.Conflict EMAIL_TAKEN when another user has the e-mail */
    void insert(User user);

    /**
     * Replaces the stored user with {@code user} if the stored one's version is still {@code expectedVersion}
     * (check and write are one atomic step, on every instance). {@code user.version()} must be
     * {@code expectedVersion + 1}. Repeating the very same successful write (a command re-sent after a reconnect)
     * answers {@link Update#UPDATED} again.
     *
     * @return UPDATED, NOT_FOUND when the user no longer exists, or VERSION_CHANGED when another write came first
     *         (nothing was changed: read again and retry)
     * @throws io.switchboard.domain.failure.Conflict EMAIL_TAKEN when the new e-mail belongs to another user
     */
    Update update(User user, long expectedVersion);

    Optional<User> findById(UserId id);

    Optional<User> findByEmail(Email email);

    boolean delete(UserId id);

    enum Update {
        UPDATED,
        NOT_FOUND,
        VERSION_CHANGED
    }

    /** Checks the promise that a compare-and-set stores the next version. */
    static void requireNextVersion(User user, long expectedVersion) {
        if (user.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("an update from version " + expectedVersion
                    + " stores version " + (expectedVersion + 1) + ", not " + user.version());
        }
    }
}
