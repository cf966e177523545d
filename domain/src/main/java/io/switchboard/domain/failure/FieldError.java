package io.switchboard.domain.failure;

import java.util.Objects;

/** One broken rule of one input field; `field` uses the wire name (e.g. `participants[2].participantId`). */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
