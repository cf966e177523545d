package io.switchboard.domain.message;

import io.switchboard.domain.common.Ids;

import java.util.Objects;
import java.util.UUID;

public record MessageId(UUID value) {
    public MessageId {
        Objects.requireNonNull(value, "value");
    }

    public static MessageId parse(String text) {
        return new MessageId(Ids.parseUuid(text, "message id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
