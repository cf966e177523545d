package io.switchboard.domain.channel;

import java.util.Optional;

/** A member's role in a declared channel; the wire names are lower-case. */
public enum MemberRole {
    OWNER("owner"), MODERATOR("moderator"), MEMBER("member");

    private final String wire;

    MemberRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<MemberRole> fromWire(String text) {
        for (MemberRole role : values()) {
            if (role.wire.equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Owners and moderators manage the members of a private channel. */
    public boolean manages() {
        return this == OWNER || this == MODERATOR;
    }
}
