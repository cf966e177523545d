package io.switchboard.domain.user;

import java.util.Locale;

public enum Role {
    USER,
    ADMIN;

    /** The wire name: `user`, `admin`. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return Role.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
