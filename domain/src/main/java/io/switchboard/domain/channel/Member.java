package io.switchboard.domain.channel;

import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;

/** One member of a declared channel; {@code name} is the display name when it was added (may be null). */
public record Member(UserId userId, String name, MemberRole role, Instant joinedAt) {
    public Member {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }

    public Member withRole(MemberRole newRole) {
        return new Member(userId, name, newRole, joinedAt);
    }
}
