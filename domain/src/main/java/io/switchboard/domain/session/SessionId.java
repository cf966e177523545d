package io.switchboard.domain.session;

import io.switchboard.domain.common.Ids;

import java.util.Objects;
import java.util.UUID;

public record SessionId(UUID value) {
    public SessionId {
        Objects.requireNonNull(value, "value");
    }

    /** @throws io.switchboard.domain.failure.InvalidInput INVALID_ID when the text is not a canonical UUID */
    public static SessionId parse(String text) {
        return new SessionId(Ids.parseUuid(text, "session id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
