package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.presence.PresenceSnapshot;
import io.switchboard.application.presence.PresentUser;
import io.switchboard.domain.topic.Topic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Presence in one process: per topic, a lock and the entries, users (with their connection count) and expiries. */
final class InMemoryPresenceStore implements PresenceStore {
    private record Entry(String userId, Instant expiresAt) {
    }

    private static final class UserState {
        final PresentUser user;
        int connections;

        UserState(PresentUser user) {
            this.user = user;
        }
    }

    private static final Comparator<PresentUser> NEWEST_FIRST = Comparator.comparing(PresentUser::since)
            .thenComparing(PresentUser::userId).reversed();

    private static final class TopicState {
        final Map<String, Entry> entries = new HashMap<>();
        final Map<String, UserState> users = new HashMap<>();
        final NavigableSet<PresentUser> order = new TreeSet<>(NEWEST_FIRST);
    }

    static final int MAX_LAST_SEEN = 1_000_000;
    private final Map<String, TopicState> topics = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

    @Override
    public Change add(Topic topic, String connection, String userId, String name, Instant now, Instant expiresAt) {
        while (true) {
            TopicState state = topics.computeIfAbsent(topic.value(), t -> new TopicState());
            synchronized (state) {
                if (topics.get(topic.value()) == state) { // else it was emptied and dropped meanwhile: again
                    return addLocked(state, connection, userId, name, now, expiresAt);
                }
            }
        }
    }

    private Change addLocked(TopicState state, String connection, String userId, String name, Instant now,
                             Instant expiresAt) {
        {
            Entry existing = state.entries.put(connection, new Entry(userId, expiresAt));
            if (existing != null) {
                return new Change(false, null, state.users.size());
            }
            UserState user = state.users.get(userId);
            if (user != null) {
                user.connections++;
                return new Change(false, user.user, state.users.size());
            }
            user = new UserState(new PresentUser(userId, name, now));
            user.connections = 1;
            state.users.put(userId, user);
            state.order.add(user.user);
            return new Change(true, user.user, state.users.size());
        }
    }

    @Override
    public Change remove(Topic topic, String connection) {
        TopicState state = topics.get(topic.value());
        if (state == null) {
            return Change.NONE;
        }
        synchronized (state) {
            return removeLocked(topic.value(), state, connection);
        }
    }

    private Change removeLocked(String topic, TopicState state, String connection) {
        Entry entry = state.entries.remove(connection);
        if (entry == null) {
            return Change.NONE;
        }
        long before = state.users.size();
        UserState user = state.users.get(entry.userId());
        if (--user.connections > 0) {
            return new Change(false, user.user, before);
        }
        state.users.remove(entry.userId());
        state.order.remove(user.user);
        if (state.entries.isEmpty()) {
            topics.remove(topic, state);
        }
        return new Change(true, user.user, before);
    }

    @Override
    public void refresh(Topic topic, Collection<String> connections, Instant expiresAt) {
        TopicState state = topics.get(topic.value());
        if (state == null) {
            return;
        }
        synchronized (state) {
            for (String connection : connections) {
                state.entries.computeIfPresent(connection, (c, e) -> new Entry(e.userId(), expiresAt));
            }
        }
    }

    @Override
    public List<Left> sweep(Instant now, int max) {
        List<Left> left = new ArrayList<>();
        int removed = 0;
        for (Map.Entry<String, TopicState> topic : topics.entrySet()) {
            TopicState state = topic.getValue();
            synchronized (state) {
                List<String> expired = state.entries.entrySet().stream()
                        .filter(e -> e.getValue().expiresAt().isBefore(now)).map(Map.Entry::getKey).toList();
                for (String connection : expired) {
                    if (removed++ >= max) {
                        return left;
                    }
                    Change change = removeLocked(topic.getKey(), state, connection);
                    if (change.changed()) {
                        left.add(new Left(Topic.parse(topic.getKey()), change.user(), change.users()));
                    }
                }
            }
        }
        return left;
    }

    @Override
    public void markSeen(String userId, Instant at) {
        if (lastSeen.size() >= MAX_LAST_SEEN) {
            lastSeen.clear(); // a bound: last-seen times are a convenience, not state anything depends on
        }
        lastSeen.put(userId, at);
    }

    @Override
    public Optional<Instant> lastSeen(String userId) {
        return Optional.ofNullable(lastSeen.get(userId));
    }

    @Override
    public PresenceSnapshot list(Topic topic, int limit) {
        TopicState state = topics.get(topic.value());
        if (state == null) {
            return new PresenceSnapshot(List.of(), 0);
        }
        synchronized (state) {
            List<PresentUser> users = state.order.stream().limit(limit).toList();
            return new PresenceSnapshot(users, state.users.size());
        }
    }
}
