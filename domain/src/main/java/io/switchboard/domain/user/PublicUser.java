package io.switchboard.domain.user;

import java.time.Instant;
import java.util.Set;

/** What anyone outside the server may know of a user: never the password hash. */
public record PublicUser(UserId id, Email email, String name, Set<Role> roles, Instant createdAt, Instant updatedAt) {
    public PublicUser {
        roles = Set.copyOf(roles);
    }
}
