package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.UserRepository;

/** Factories for the in-memory stores (the default when REDIS_URL is not set). */
public final class InMemoryAdapters {
    private InMemoryAdapters() {
    }

    public static UserRepository userRepository() {
        return new InMemoryUserRepository();
    }

    public static MessageRepository messageRepository() {
        return new InMemoryMessageRepository();
    }

    /** Refresh tokens (hashes only) of this process; see docs/decisions.md, "Token refresh". */
    public static RefreshTokenStore refreshTokenStore() {
        return new InMemoryRefreshTokenStore();
    }
}
