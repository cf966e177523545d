package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users in memory. Reads are lock-free; writes are serialised on this object so that the user map and the
 * e-mail index always agree, two racing registrations of one e-mail cannot both win, and an update's
 * compare-and-set on the user's version is one step. Account writes are
 * rare, so one monitor costs nothing measurable.
 */
final class InMemoryUserRepository implements UserRepository {
    private final Map<UserId, User> byId = new ConcurrentHashMap<>();
    private final Map<Email, UserId> idByEmail = new ConcurrentHashMap<>();

    @Override
    public synchronized void insert(User user) {
        if (idByEmail.putIfAbsent(user.email(), user.id()) != null) {
            throw emailTaken();
        }
        byId.put(user.id(), user);
    }

    @Override
    public synchronized Update update(User user, long expectedVersion) {
        UserRepository.requireNextVersion(user, expectedVersion);
        User current = byId.get(user.id());
        if (current == null) {
            return Update.NOT_FOUND;
        }
        if (current.version() != expectedVersion) {
            return current.equals(user) ? Update.UPDATED : Update.VERSION_CHANGED; // the same write, repeated
        }
        if (!current.email().equals(user.email())) {
            if (idByEmail.putIfAbsent(user.email(), user.id()) != null) {
                throw emailTaken();
            }
            idByEmail.remove(current.email(), user.id());
        }
        byId.put(user.id(), user);
        return Update.UPDATED;
    }

    @Override
    public Optional<User> findById(UserId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        UserId id = idByEmail.get(email);
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public synchronized boolean delete(UserId id) {
        User removed = byId.remove(id);
        if (removed == null) {
            return false;
        }
        idByEmail.remove(removed.email(), id);
        return true;
    }

    private static Conflict emailTaken() {
        return new Conflict("EMAIL_TAKEN", "that e-mail address is already registered");
    }
}
