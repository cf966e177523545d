package io.switchboard.domain.user;

import java.util.Objects;
import java.util.Set;

/** Who is asking: the verified subject of a token. */
public record Caller(UserId id, Set<Role> roles) {
    public Caller {
        Objects.requireNonNull(id, "id");
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** The caller is the given user, or an admin. */
    public boolean isSelfOrAdmin(UserId user) {
        return id.equals(user) || isAdmin();
    }
}
