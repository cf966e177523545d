package io.switchboard.application.port.out;

import java.util.Objects;

/**
 * A JSON value that is already encoded, e.g. the {@code data} of a server API publication: a {@link FrameEncoder}
 * writes its text verbatim where it stands in a tree, so one value shared by many publications (a broadcast to many
 * topics) is serialised once. Whoever makes one guarantees the text is one well-formed JSON value.
 *
 * @param json      the JSON text
 * @param utf8Bytes its size in UTF-8 bytes
 */
public record RawJson(String json, long utf8Bytes) {
    public RawJson {
        Objects.requireNonNull(json, "json");
        if (utf8Bytes < 0) {
            throw new IllegalArgumentException("a size is not negative");
        }
    }
}
