package io.switchboard.application.testing;

import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The UserRepository port in a map, with its e-mail uniqueness and compare-and-set promises. */
public final class MapUserRepository implements UserRepository {
    private final Map<UserId, User> users = new LinkedHashMap<>();

    @Override
    public synchronized void insert(User user) {
        if (findByEmail(user.email()).isPresent()) {
            throw new Conflict("EMAIL_TAKEN", "that e-mail address is already registered");
        }
        users.put(user.id(), user);
    }

    @Override
    public synchronized Update update(User user, long expectedVersion) {
        UserRepository.requireNextVersion(user, expectedVersion);
        User current = users.get(user.id());
        if (current == null) {
            return Update.NOT_FOUND;
        }
        if (current.version() != expectedVersion) {
            return Update.VERSION_CHANGED;
        }
        Optional<User> holder = findByEmail(user.email());
        if (holder.isPresent() && !holder.get().id().equals(user.id())) {
            throw new Conflict("EMAIL_TAKEN", "that e-mail address is already registered");
        }
        users.put(user.id(), user);
        return Update.UPDATED;
    }

    @Override
    public synchronized Optional<User> findById(UserId id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public synchronized Optional<User> findByEmail(Email email) {
        return users.values().stream().filter(u -> u.email().equals(email)).findFirst();
    }

    @Override
    public synchronized boolean delete(UserId id) {
        return users.remove(id) != null;
    }

    public synchronized List<User> all() {
        return List.copyOf(users.values());
    }
}
