package io.switchboard.application.service.presence;

import io.switchboard.application.presence.PresenceSnapshot;
import io.switchboard.application.presence.PresentUser;

import io.switchboard.application.port.in.presence.GetOnlineStatusUseCase;
import io.switchboard.application.port.in.presence.PresenceUpkeepUseCase;
import io.switchboard.application.port.in.presence.QueryPresenceUseCase;
import io.switchboard.application.port.in.topic.AuthorizeTopicUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.UserConnections;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.realtime.PresenceEvents;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.topic.Topics;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Presence, join/leave and online status (docs/rooms-and-presence.md).
 *
 * <p><b>Presence.</b> An exact subscription to a topic matched by PRESENCE_TOPICS adds an entry (this connection,
 * its user) to the {@link PresenceStore}; unsubscribing, a revoked membership or the connection's close removes it.
 * The store says whether the <em>user</em> became present or absent, atomically across instances, so exactly one
 * instance announces each `presence.join` / `presence.leave` on the topic (none above PRESENCE_MAX_ANNOUNCED users).
 *
 * <p><b>Online status.</b> The same store keeps, on the topic {@code presence.users.{id}}, one entry per
 * authenticated WebSocket of the user (both dialects: {@link #trackingOnline} wraps the per-user connection count
 * every authenticated connection goes through); the user's first entry announces `user.online`, the last one's
 * removal `user.offline` on that topic.
 *
 * <p><b>Instances that die.</b> Every entry expires PRESENCE_TTL_MS after its instance last refreshed it; each
 * instance refreshes its own entries every third of that ({@link #heartbeat}) and sweeps expired entries of every
 * instance ({@link #sweep}); the store hands each leave of a swept entry to one sweeper, which announces it.
 */
public final class PresenceService implements QueryPresenceUseCase, GetOnlineStatusUseCase, PresenceUpkeepUseCase {
    public static final String JOIN = PresenceEvents.JOIN;
    public static final String LEAVE = PresenceEvents.LEAVE;
    public static final String ONLINE = "user.online";
    public static final String OFFLINE = "user.offline";
    /** Entries removed per sweep at most, so one sweep never holds Redis for long. */
    static final int SWEEP_BATCH = 10_000;

    /** The settings of PRESENCE_TOPICS, PRESENCE_TTL_MS, PRESENCE_MAX_ANNOUNCED (0: no limit). */
    public record Settings(List<TopicPattern> topics, long ttlMs, int maxAnnounced) {
        public Settings {
            topics = List.copyOf(topics);
            if (ttlMs <= 0) {
                throw new IllegalArgumentException("ttlMs must be positive");
            }
        }
    }

    /**
     * A connection with presence entries: the topics it is present on, and whether it was released. Its monitor
     * orders a subscribe racing the connection's close (the subscribe's add and the close's removals never
     * interleave, and nothing is added after the close), so no entry outlives its connection.
     */
    private static final class Connection {
        final String id;
        final String name;
        /** Guarded by this. */
        final Set<Topic> topics = new HashSet<>();
        /** Guarded by this. */
        boolean released;

        Connection(String id, String name) {
            this.id = id;
            this.name = name;
        }

        String id() {
            return id;
        }

        String name() {
            return name;
        }
    }

    private final PresenceStore store;
    private final PubSub pubSub;
    private final AuthorizeTopicUseCase policy;
    private final UserRepository users;
    private final Clock clock;
    private final Settings settings;
    private final String instanceId;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    /** The connections of this instance with presence entries, and their ids in the store. */
    private final Map<Subscriber, Connection> connections = new ConcurrentHashMap<>();
    /** This instance's entries by topic (what the heartbeat refreshes). */
    private final Map<Topic, Set<String>> entries = new ConcurrentHashMap<>();
    private volatile boolean halted;
    /** Null until {@link #expireTypingWith}: no typing. */
    private volatile TypingService typing;

    public PresenceService(PresenceStore store, PubSub pubSub, AuthorizeTopicUseCase policy, UserRepository users,
                           Clock clock, Settings settings, String instanceId) {
        this.store = Objects.requireNonNull(store);
        this.pubSub = Objects.requireNonNull(pubSub);
        this.policy = Objects.requireNonNull(policy);
        this.users = Objects.requireNonNull(users);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
        this.instanceId = Objects.requireNonNull(instanceId);
    }

    /** Whether an exact subscription to {@code topic} makes its user present. */
    public boolean tracks(Topic topic) {
        if (topic.segment(0).equals(Topics.PRESENCE)) {
            return false; // presence.users.{id} is online status, kept apart
        }
        for (TopicPattern pattern : settings.topics()) {
            if (pattern.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    // ---- subscriptions ------------------------------------------------------------------------------------

    /** A connection subscribed to {@code pattern} (already authorised). */
    public void subscribed(Caller caller, TopicPattern pattern, Subscriber subscriber) {
        if (halted || !pattern.isExact() || !tracks(pattern.toTopic())) {
            return;
        }
        Topic topic = pattern.toTopic();
        try {
            Connection connection = connections.computeIfAbsent(subscriber,
                    s -> new Connection(instanceId + "/" + sequence.incrementAndGet(), nameOf(caller)));
            synchronized (connection) {
                if (connection.released || !connection.topics.add(topic)) {
                    return; // closed meanwhile (its close removed what it had), or already present here
                }
                Instant now = clock.now();
                entries.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(connection.id());
                PresenceStore.Change change = store.add(topic, connection.id(), caller.id().toString(),
                        connection.name(), now, now.plusMillis(settings.ttlMs()));
                if (change.changed()) {
                    announce(topic, JOIN, change.user(), change.users());
                }
            }
        } catch (RuntimeException storeDown) {
            failed(); // the subscription stands; the user is not shown present until they subscribe again
        }
    }

    /**
     * Presence never fails a subscription or a close: when the store cannot be reached (Redis away) the change is
     * skipped and counted; an entry that was written but not removed expires after PRESENCE_TTL_MS, because only
     * this instance's own bookkeeping, already updated, decides what its heartbeat refreshes.
     */
    private void failed() {
        storeFailures.incrementAndGet();
    }

    /** Presence changes skipped because the store failed (metrics). */
    public long storeFailures() {
        return storeFailures.get();
    }

    /** A connection ended its subscription to {@code pattern} (unsubscribe, or a revoked membership). */
    public void unsubscribed(TopicPattern pattern, Subscriber subscriber) {
        if (!pattern.isExact()) {
            return;
        }
        Connection connection = connections.get(subscriber);
        if (connection != null) {
            synchronized (connection) {
                if (connection.topics.remove(pattern.toTopic())) {
                    leave(pattern.toTopic(), connection);
                }
            }
        }
    }

    /**
     * A connection closed (it had {@code patterns}): it leaves every topic it is present on, also one whose
     * subscribe was still adding its entry when the close removed the subscriptions.
     */
    public void released(Subscriber subscriber, Set<TopicPattern> patterns) {
        Connection connection = connections.remove(subscriber);
        if (connection == null) {
            return;
        }
        synchronized (connection) {
            connection.released = true;
            for (Topic topic : connection.topics) {
                leave(topic, connection);
            }
            connection.topics.clear();
        }
    }

    private void leave(Topic topic, Connection connection) {
        Set<String> mine = entries.get(topic);
        if (mine == null || !mine.remove(connection.id())) {
            return;
        }
        if (mine.isEmpty()) {
            entries.remove(topic, mine);
        }
        if (halted) {
            return;
        }
        try {
            PresenceStore.Change change = store.remove(topic, connection.id());
            if (change.changed()) {
                announce(topic, LEAVE, change.user(), change.users());
            }
        } catch (RuntimeException storeDown) {
            failed();
        }
    }

    private void announce(Topic topic, String eventType, PresentUser user, long users) {
        int max = settings.maxAnnounced();
        if (max > 0 && users > max) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", user.userId());
        data.put("name", user.name());
        pubSub.publish(new Publication(topic, eventType, data, clock.now()));
    }

    // ---- online status ----------------------------------------------------------------------------------------

    /**
     * Wraps the per-user connection count that every authenticated WebSocket (both dialects) claims and gives back,
     * so a user's connections also make them online.
     */
    public UserConnections trackingOnline(UserConnections delegate) {
        Objects.requireNonNull(delegate);
        return new UserConnections() {
            @Override
            public boolean tryAdd(UserId user, String connectionId) {
                if (!delegate.tryAdd(user, connectionId)) {
                    return false;
                }
                connected(user, connectionId);
                return true;
            }

            @Override
            public void remove(UserId user, String connectionId) {
                try {
                    disconnected(user, connectionId);
                } finally {
                    delegate.remove(user, connectionId);
                }
            }

            @Override
            public int count(UserId user) {
                return delegate.count(user);
            }
        };
    }

    private void connected(UserId user, String connectionId) {
        if (halted) {
            return;
        }
        Topic topic = Topics.userPresence(user);
        String id = instanceId + "/" + connectionId;
        Instant now = clock.now();
        entries.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(id);
        try {
            PresenceStore.Change change = store.add(topic, id, user.toString(), null, now,
                    now.plusMillis(settings.ttlMs()));
            if (change.changed()) {
                announceOnline(topic, ONLINE, user.toString(), now);
            }
        } catch (RuntimeException storeDown) {
            failed();
        }
    }

    private void disconnected(UserId user, String connectionId) {
        Topic topic = Topics.userPresence(user);
        String id = instanceId + "/" + connectionId;
        Set<String> mine = entries.get(topic);
        if (mine == null || !mine.remove(id)) {
            return;
        }
        if (mine.isEmpty()) {
            entries.remove(topic, mine);
        }
        if (halted) {
            return;
        }
        try {
            if (store.remove(topic, id).changed()) {
                wentOffline(topic, user.toString());
            }
        } catch (RuntimeException storeDown) {
            failed();
        }
    }

    private void wentOffline(Topic topic, String userId) {
        Instant now = clock.now();
        store.markSeen(userId, now);
        announceOnline(topic, OFFLINE, userId, now);
    }

    private void announceOnline(Topic topic, String eventType, String userId, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", userId);
        data.put("lastSeenAt", io.switchboard.application.view.Views.iso(at));
        pubSub.publish(new Publication(topic, eventType, data, at));
    }

    @Override
    public List<Status> online(Caller caller, List<String> userIds) {
        Objects.requireNonNull(caller, "caller");
        if (userIds.isEmpty() || userIds.size() > MAX_IDS) {
            throw ValidationFailed.of("ids", "give 1 to " + MAX_IDS + " user ids");
        }
        List<Status> statuses = new ArrayList<>(userIds.size());
        Instant now = clock.now();
        for (String id : userIds) {
            if (!UserId.isValid(id)) {
                throw ValidationFailed.of("ids", "'" + id + "' is not a user id");
            }
            boolean online = store.list(Topics.userPresence(new UserId(id)), 1).total() > 0;
            statuses.add(new Status(id, online, online ? now : store.lastSeen(id).orElse(null)));
        }
        return statuses;
    }

    // ---- queries ------------------------------------------------------------------------------------------

    @Override
    public PresenceSnapshot presence(Caller caller, String topic, int limit) {
        if (topic == null) {
            throw ValidationFailed.of(Topic.FIELD, "is required");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ValidationFailed.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Topic parsed = Topic.parse(topic); // a pattern is code 2
        policy.checkSubscribe(caller, parsed.asPattern());
        if (!tracks(parsed)) {
            return new PresenceSnapshot(List.of(), 0);
        }
        return store.list(parsed, limit);
    }

    // ---- upkeep -----------------------------------------------------------------------------------------------

    /** The typing service whose stale typing {@link #expireTyping} ends. */
    public void expireTypingWith(TypingService typingService) {
        this.typing = typingService;
    }

    @Override
    public void expireTyping() {
        TypingService current = typing;
        if (current != null && !halted) {
            current.tick();
        }
    }

    /** Moves this instance's entries' expiry forward; run every third of PRESENCE_TTL_MS. */
    @Override
    public void heartbeat() {
        if (halted) {
            return;
        }
        Instant expiresAt = clock.now().plusMillis(settings.ttlMs());
        for (Map.Entry<Topic, Set<String>> topic : entries.entrySet()) {
            List<String> ids = List.copyOf(topic.getValue());
            if (!ids.isEmpty()) {
                store.refresh(topic.getKey(), ids, expiresAt);
            }
        }
    }

    /** Removes expired entries of any instance and announces the leaves this sweep was handed. */
    @Override
    public int sweep() {
        if (halted) {
            return 0;
        }
        List<PresenceStore.Left> left = store.sweep(clock.now(), SWEEP_BATCH);
        for (PresenceStore.Left l : left) {
            if (l.topic().segment(0).equals(Topics.PRESENCE)) {
                wentOffline(l.topic(), l.user().userId());
            } else {
                announce(l.topic(), LEAVE, l.user(), l.usersBefore());
            }
        }
        return left.size();
    }

    /**
     * Stops every write of this instance to the store, as if the process had died (tests of a crashed instance):
     * no leave, no removal, no heartbeat; what it wrote expires on its own.
     */
    public void halt() {
        halted = true;
    }

    private String nameOf(Caller caller) {
        if (caller.name() != null || caller.external()) {
            return caller.name();
        }
        return users.findById(caller.id()).map(User::name).orElse(null);
    }
}
