package io.switchboard.domain.user;

import io.switchboard.domain.common.Ids;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who someone is: a Switchboard account's id (a UUID, spelled canonically in lower case) or the {@code sub} of a
 * token from the app's identity provider (1..64 characters of [A-Za-z0-9_:-], so that it can name topics such as
 * {@code user.{self}.**}). Both kinds share one space: a caller, a message's sender and a session's owner or
 * participant are named the same way. Only accounts can be looked up, so only accounts receive direct messages.
 */
public record UserId(String value) {
    public static final int MAX_LENGTH = 64;
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_:-]{1," + MAX_LENGTH + "}");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public UserId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("a user id is 1 to " + MAX_LENGTH + " characters of [A-Za-z0-9_:-]");
        }
    }

    /** An account's id. */
    public UserId(UUID value) {
        this(Objects.requireNonNull(value, "value").toString());
    }

    /**
     * An account's id from outside (a path or a body): a UUID, else code 1 INVALID_ID.
     *
     * @throws io.switchboard.domain.failure.InvalidInput INVALID_ID when the text is not a canonical UUID
     */
    public static UserId parse(String text) {
        return new UserId(Ids.parseUuid(text, "user id"));
    }

    /** Whether {@code text} can be a user id of either kind. */
    public static boolean isValid(String text) {
        return text != null && SYNTAX.matcher(text).matches();
    }

    /** Whether this id is spelled as an account's id is (a lower-case canonical UUID). */
    public boolean isUuid() {
        return CANONICAL_UUID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
