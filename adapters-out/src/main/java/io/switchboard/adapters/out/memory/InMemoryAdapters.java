package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.application.port.out.InstanceRegistry;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.UserConnections;
import io.switchboard.application.port.out.UserRepository;

import java.time.Duration;

/** Factories for the in-memory stores (the default when REDIS_URL is not set). */
public final class InMemoryAdapters {
    private InMemoryAdapters() {
    }

    public static UserRepository userRepository() {
        return new InMemoryUserRepository();
    }

    public static PresenceStore presenceStore() {
        return new InMemoryPresenceStore();
    }

    public static ChannelRepository channelRepository() {
        return new InMemoryChannelRepository();
    }

    /** The live instances of this process: this one (GET /api/admin/instances). */
    public static InstanceRegistry instanceRegistry(Clock clock) {
        return new InMemoryInstanceRegistry(clock);
    }

    public static MessageRepository messageRepository() {
        return new InMemoryMessageRepository();
    }

    /** Refresh tokens (hashes only) of this process; see docs/decisions.md, "Token refresh". */
    public static RefreshTokenStore refreshTokenStore() {
        return new InMemoryRefreshTokenStore();
    }

    /** The most idempotency keys one process remembers (the oldest are evicted past it). */
    public static final int IDEMPOTENCY_MAX_ENTRIES = 100_000;

    /** Idempotency keys of one process, each for {@code window}, at most {@link #IDEMPOTENCY_MAX_ENTRIES}. */
    public static IdempotencyStore idempotencyStore(Clock clock, Duration window) {
        return idempotencyStore(clock, window, IDEMPOTENCY_MAX_ENTRIES);
    }

    /** As {@link #idempotencyStore(Clock, Duration)} with another bound (tests). */
    public static IdempotencyStore idempotencyStore(Clock clock, Duration window, int maxEntries) {
        return new InMemoryIdempotencyStore(clock, window, maxEntries);
    }

    /** @param maxPerUser WS_MAX_CONNECTIONS_PER_USER: open WebSockets one user may hold; 0 = no limit */
    public static UserConnections userConnections(int maxPerUser) {
        return new InMemoryUserConnections(maxPerUser);
    }
}
