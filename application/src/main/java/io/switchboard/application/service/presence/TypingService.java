package io.switchboard.application.service.presence;

import io.switchboard.application.port.in.presence.SendTypingUseCase;
import io.switchboard.application.port.in.topic.AuthorizeTopicUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.realtime.TypingEvents;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.User;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typing indicators (docs/rooms-and-presence.md). Nothing is stored: the state of a user typing on a topic lives on
 * the instance that received their `typing:true`, bounded by {@link #MAX_TYPING} (past it, new typers are not
 * tracked and their frames are not forwarded). A repeated `true` within {@link #COALESCE_NANOS} only extends the
 * expiry; {@link #tick} sends `typing:false` for those not refreshed within TYPING_TTL_MS; a message posted by the
 * user on the topic, on any instance, ends it too: while someone types on a topic here, an internal subscriber of
 * the topic watches for their `message.sent`.
 *
 * <p>A typing event is not echoed to the typer's own connections: its publication carries the ordering key
 * {@code typing:<userId>} (with the publishing instant as version, so a late `true` never overtakes a `false`),
 * which every connection compares with its own user ({@link TypingEvents#typerOf}).
 */
public final class TypingService implements SendTypingUseCase {
    public static final String TYPING = TypingEvents.EVENT_TYPE;
    static final String ORDERING_PREFIX = TypingEvents.ORDERING_PREFIX;
    static final long COALESCE_NANOS = 1_000_000_000L;
    /** Users typing on a topic, tracked on one instance at most. */
    static final int MAX_TYPING = 100_000;
    private static final Pattern SENDER = Pattern.compile("\"senderId\":\"([^\"]+)\"");

    private static final class State {
        final Topic topic;
        final String userId;
        final String name;
        long lastSentNanos;
        long expiresNanos;

        State(Topic topic, String userId, String name) {
            this.topic = topic;
            this.userId = userId;
            this.name = name;
        }
    }

    private final PubSub pubSub;
    private final AuthorizeTopicUseCase policy;
    private final UserRepository users;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long ttlNanos;
    private final Map<String, State> typing = new ConcurrentHashMap<>();
    /** Topics with someone typing here, and how many: the internal watcher is subscribed to each while > 0. */
    private final Map<Topic, Integer> watched = new ConcurrentHashMap<>();
    private final Subscriber postWatcher = this::onPosted;
    private final AtomicLong lastVersion = new AtomicLong();

    public TypingService(PubSub pubSub, AuthorizeTopicUseCase policy, UserRepository users, Clock clock,
                         long ttlMs, LongSupplier nanoTime) {
        this.pubSub = Objects.requireNonNull(pubSub);
        this.policy = Objects.requireNonNull(policy);
        this.users = Objects.requireNonNull(users);
        this.clock = Objects.requireNonNull(clock);
        this.nanoTime = Objects.requireNonNull(nanoTime);
        if (ttlMs <= 0) {
            throw new IllegalArgumentException("ttlMs must be positive");
        }
        this.ttlNanos = ttlMs * 1_000_000L;
    }

    @Override
    public boolean typing(Caller caller, String topic, boolean isTyping) {
        Topic parsed = Topic.parse(topic);
        policy.checkPublish(caller, parsed);
        String key = caller.id() + " " + parsed.value();
        long now = nanoTime.getAsLong();
        if (!isTyping) {
            State state = typing.remove(key);
            if (state == null) {
                return false;
            }
            unwatch(parsed);
            send(state, false);
            return true;
        }
        State state = typing.get(key);
        if (state != null) {
            state.expiresNanos = now + ttlNanos;
            if (now - state.lastSentNanos < COALESCE_NANOS) {
                return false;
            }
        } else {
            if (typing.size() >= MAX_TYPING) {
                return false;
            }
            state = new State(parsed, caller.id().toString(), nameOf(caller));
            state.expiresNanos = now + ttlNanos;
            if (typing.putIfAbsent(key, state) != null) {
                return false; // another frame of the same user won the race
            }
            watch(parsed);
        }
        state.lastSentNanos = now;
        send(state, true);
        return true;
    }

    /** Ends every typing state not refreshed within TYPING_TTL_MS; run a few times a second. */
    public void tick() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, State> entry : typing.entrySet()) {
            State state = entry.getValue();
            if (now - state.expiresNanos >= 0 && typing.remove(entry.getKey(), state)) {
                unwatch(state.topic);
                send(state, false);
            }
        }
    }

    private void send(State state, boolean isTyping) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", state.userId);
        data.put("name", state.name);
        data.put("typing", isTyping);
        Instant now = clock.now();
        long version = lastVersion.updateAndGet(last -> Math.max(last + 1, now.toEpochMilli() * 1000));
        pubSub.publish(new Publication(state.topic, TYPING, data, now,
                new Publication.Ordering(ORDERING_PREFIX + state.userId, version)));
    }

    /** A delivery on a topic someone types on here: a message.sent by them ends their typing. */
    private void onPosted(Delivery delivery) {
        if (!"message.sent".equals(delivery.eventType())) {
            return;
        }
        String sender = senderOf(delivery.data());
        if (sender == null) {
            return;
        }
        State state = typing.remove(sender + " " + delivery.topic().value());
        if (state != null) {
            unwatch(state.topic);
            send(state, false);
        }
    }

    /** The senderId of a message view: a map here, or JSON text from another instance (a top-level string field). */
    private static String senderOf(Object data) {
        if (data instanceof Map<?, ?> map) {
            Object sender = map.get("senderId");
            return sender == null ? null : sender.toString();
        }
        if (data instanceof RawJson raw) {
            Matcher matcher = SENDER.matcher(raw.json());
            return matcher.find() ? matcher.group(1) : null;
        }
        return null;
    }

    private void watch(Topic topic) {
        watched.compute(topic, (t, n) -> {
            if (n == null) {
                pubSub.subscribe(topic.asPattern(), postWatcher);
                return 1;
            }
            return n + 1;
        });
    }

    private void unwatch(Topic topic) {
        watched.computeIfPresent(topic, (t, n) -> {
            if (n > 1) {
                return n - 1;
            }
            pubSub.unsubscribe(topic.asPattern(), postWatcher);
            return null;
        });
    }

    private String nameOf(Caller caller) {
        if (caller.name() != null || caller.external()) {
            return caller.name();
        }
        return users.findById(caller.id()).map(User::name).orElse(null);
    }
}
