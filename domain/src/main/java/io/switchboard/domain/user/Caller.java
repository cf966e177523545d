package io.switchboard.domain.user;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking: the verified subject of a token. {@code external} is true for a token of the app's own identity
 * provider (docs/integration.md): such a caller has no Switchboard account, its id is the token's {@code sub}, its
 * roles and display {@code name} (null when the token gives none) come from the token's claims.
 */
public record Caller(UserId id, Set<Role> roles, String name, boolean external) {
    public Caller {
        Objects.requireNonNull(id, "id");
        roles = Set.copyOf(roles);
    }

    /** A Switchboard account. */
    public Caller(UserId id, Set<Role> roles) {
        this(id, roles, null, false);
    }

    /** A user of the app's identity provider, without a Switchboard account. */
    public static Caller external(UserId id, Set<Role> roles, String name) {
        return new Caller(id, roles, name, true);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** The caller is the given user, or an admin. */
    public boolean isSelfOrAdmin(UserId user) {
        return id.equals(user) || isAdmin();
    }
}
