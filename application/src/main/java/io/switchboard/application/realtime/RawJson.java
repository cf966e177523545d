package io.switchboard.application.realtime;

import java.util.Objects;

/**
 * JSON text that is already encoded, e.g. the data of a publication that arrived from another instance: the frame
 * encoder (the FrameEncoder out-port) writes it verbatim wherever it appears in a tree, never parsing it. Whoever makes
 * one vouches that it is one complete, valid JSON value.
 */
public record RawJson(String json) {
    public RawJson {
        Objects.requireNonNull(json, "json");
        if (json.isEmpty()) {
            throw new IllegalArgumentException("raw JSON must not be empty");
        }
    }

    @Override
    public String toString() {
        return json;
    }
}
