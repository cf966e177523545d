package io.switchboard.domain.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A registered account. The password hash stays inside the server: {@link #toPublic()} drops it.
 *
 * <p>Besides what the contract shows, a user carries:
 * <ul>
 *   <li>{@code emailAsRegistered}: true while the e-mail is the one the account registered with. Changing it to
 *       another address makes it false for good; only such an account can be admin (docs/decisions.md).</li>
 *   <li>{@code credentialVersion}: raised by every password change. A token names the version it was issued for,
 *       so a password change revokes every earlier token.</li>
 *   <li>{@code version}: raised by every write; the store replaces a user only if its version is still the one
 *       the write started from (compare-and-set), so concurrent updates cannot lose each other.</li>
 * </ul>
 * {@code roles} are the roles as last computed; the account service recomputes them whenever it hands out a user
 * or a token, so that they always follow the current {@code ADMIN_EMAILS}.
 */
public record User(UserId id, Email email, String name, String passwordHash, Set<Role> roles,
                   Instant createdAt, Instant updatedAt, boolean emailAsRegistered, long credentialVersion,
                   long version) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        roles = Set.copyOf(roles);
        if (credentialVersion < 0 || version < 0) {
            throw new IllegalArgumentException("versions are never negative");
        }
    }

    /** A new account as registered: its e-mail is the registered one, both versions 0. */
    public User(UserId id, Email email, String name, String passwordHash, Set<Role> roles,
                Instant createdAt, Instant updatedAt) {
        this(id, email, name, passwordHash, roles, createdAt, updatedAt, true, 0, 0);
    }

    public PublicUser toPublic() {
        return new PublicUser(id, email, name, roles, createdAt, updatedAt);
    }

    public Caller asCaller() {
        return new Caller(id, roles);
    }

    /** A different address ends {@code emailAsRegistered}; the same address (after normalisation) changes nothing. */
    public User withEmail(Email newEmail, Instant now) {
        boolean asRegistered = emailAsRegistered && newEmail.equals(email);
        return new User(id, newEmail, name, passwordHash, roles, createdAt, now, asRegistered, credentialVersion,
                version);
    }

    public User withName(String newName, Instant now) {
        return new User(id, email, newName, passwordHash, roles, createdAt, now, emailAsRegistered,
                credentialVersion, version);
    }

    /** A new password raises the credential version, which revokes every token issued before. */
    public User withPasswordHash(String newHash, Instant now) {
        return new User(id, email, name, newHash, roles, createdAt, now, emailAsRegistered, credentialVersion + 1,
                version);
    }

    public User withRoles(Set<Role> newRoles) {
        return new User(id, email, name, passwordHash, newRoles, createdAt, updatedAt, emailAsRegistered,
                credentialVersion, version);
    }

    /** The same user one write later: what a compare-and-set from {@link #version()} stores. */
    public User nextVersion() {
        return new User(id, email, name, passwordHash, roles, createdAt, updatedAt, emailAsRegistered,
                credentialVersion, version + 1);
    }

    /** Hides the hash from any accidental log line. */
    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", roles=" + roles + ", version=" + version + "]";
    }
}
