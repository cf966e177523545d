package io.switchboard.domain.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** A registered account. The password hash stays inside the server: {@link #toPublic()} drops it. */
public record User(UserId id, Email email, String name, String passwordHash, Set<Role> roles,
                   Instant createdAt, Instant updatedAt) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        roles = Set.copyOf(roles);
    }

    public PublicUser toPublic() {
        return new PublicUser(id, email, name, roles, createdAt, updatedAt);
    }

    public Caller asCaller() {
        return new Caller(id, roles);
    }

    public User withEmail(Email newEmail, Instant now) {
        return new User(id, newEmail, name, passwordHash, roles, createdAt, now);
    }

    public User withName(String newName, Instant now) {
        return new User(id, email, newName, passwordHash, roles, createdAt, now);
    }

    public User withPasswordHash(String newHash, Instant now) {
        return new User(id, email, name, newHash, roles, createdAt, now);
    }

    public User withRoles(Set<Role> newRoles, Instant now) {
        return new User(id, email, name, passwordHash, newRoles, createdAt, now);
    }

    /** Hides the hash from any accidental log line. */
    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", roles=" + roles + "]";
    }
}
