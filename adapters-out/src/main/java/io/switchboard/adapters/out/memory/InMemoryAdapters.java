package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.UserConnections;
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

    /** @param maxPerUser WS_MAX_CONNECTIONS_PER_USER: open WebSockets one user may hold; 0 = no limit */
    public static UserConnections userConnections(int maxPerUser) {
        return new InMemoryUserConnections(maxPerUser);
    }
}
