package io.switchboard.application.port.out;

import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.util.Optional;

/** Users, with e-mail uniqueness enforced atomically by the store (two racing registrations: one wins). */
public interface UserRepository {
    /** @throws io.switchboard.domain.failure.Conflict EMAIL_TAKEN when another user has the e-mail */
    void insert(User user);

    /**
     * Replaces a stored user.
     * @return false when the user no longer exists
     * @throws io.switchboard.domain.failure.Conflict EMAIL_TAKEN when the new e-mail belongs to another user
     */
    boolean update(User user);

    Optional<User> findById(UserId id);

    Optional<User> findByEmail(Email email);

    boolean delete(UserId id);
}
