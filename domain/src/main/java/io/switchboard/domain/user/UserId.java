package io.switchboard.domain.user;

import io.switchboard.domain.common.Ids;

import java.util.Objects;
import java.util.UUID;

public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId parse(String text) {
        return new UserId(Ids.parseUuid(text, "user id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
