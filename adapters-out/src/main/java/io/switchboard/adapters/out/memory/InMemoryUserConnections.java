package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.UserConnections;
import io.switchboard.domain.user.UserId;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A user's connections in this process: one set per user, checked and changed atomically. */
final class InMemoryUserConnections implements UserConnections {
    private final Map<UserId, Set<String>> byUser = new ConcurrentHashMap<>();
    private final int max;

    InMemoryUserConnections(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("WS_MAX_CONNECTIONS_PER_USER must not be negative");
        }
        this.max = max;
    }

    @Override
    public boolean tryAdd(UserId user, String connectionId) {
        boolean[] added = {false};
        byUser.compute(user, (k, ids) -> {
            Set<String> current = ids == null ? new HashSet<>() : ids;
            if (current.contains(connectionId) || max == 0 || current.size() < max) {
                current.add(connectionId);
                added[0] = true;
            }
            return current.isEmpty() ? null : current;
        });
        return added[0];
    }

    @Override
    public void remove(UserId user, String connectionId) {
        byUser.computeIfPresent(user, (k, ids) -> {
            ids.remove(connectionId);
            return ids.isEmpty() ? null : ids;
        });
    }

    @Override
    public int count(UserId user) {
        int[] n = {0};
        byUser.computeIfPresent(user, (k, ids) -> {
            n[0] = ids.size();
            return ids;
        });
        return n[0];
    }
}
