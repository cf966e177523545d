package io.switchboard.domain.message;

import java.util.Objects;
import java.util.regex.Pattern;

/** A channel name: 1..100 characters of [A-Za-z0-9_-], so it is also a valid topic segment. */
public record ChannelId(String value) {
    public static final int MAX_LENGTH = 100;
    private static final Pattern SHAPE = Pattern.compile("^[A-Za-z0-9_-]{1," + MAX_LENGTH + "}$");

    public ChannelId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid channel id");
        }
    }

    public static boolean isValid(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
