package io.switchboard.domain.common;

import io.switchboard.domain.failure.InvalidInput;

import java.util.UUID;

/** Parsing of UUID ids that come from outside: a malformed one is invalid input (code 1), never a 500. */
public final class Ids {
    private Ids() {
    }

    public static UUID parseUuid(String text, String what) {
        if (text == null || text.length() != 36) {
            throw invalid(what);
        }
        try {
            UUID uuid = UUID.fromString(text);
            // UUID.fromString is lenient about short groups; insist on the canonical spelling.
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw invalid(what);
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw invalid(what);
        }
    }

    private static InvalidInput invalid(String what) {
        return new InvalidInput("INVALID_ID", what + " must be a UUID");
    }
}
