package io.switchboard.domain.publish;

import java.util.regex.Pattern;

/** The eventType a backend gives its publications (docs/api.md): 1..64 characters of [A-Za-z0-9_.:-]. */
public final class EventType {
    /** The eventType of a publication that names none. */
    public static final String DEFAULT = "server.message";
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_LENGTH + "}");

    private EventType() {
    }

    public static boolean isValid(String text) {
        return text != null && VALID.matcher(text).matches();
    }
}
