package io.switchboard.domain.user;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An e-mail address, trimmed and lower-cased so that uniqueness does not depend on case
 * (docs/decisions.md). At most 255 characters, one '@', a dotted domain.
 */
public record Email(String value) {
    public static final int MAX_LENGTH = 255;
    private static final Pattern SHAPE =
            Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    public Email {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid e-mail address");
        }
        value = normalize(value);
    }

    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        String t = text.trim();
        return !t.isEmpty() && t.length() <= MAX_LENGTH && SHAPE.matcher(t).matches();
    }

    public static String normalize(String text) {
        return text.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
