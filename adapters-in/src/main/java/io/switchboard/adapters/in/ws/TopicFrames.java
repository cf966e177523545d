package io.switchboard.adapters.in.ws;

import io.switchboard.application.presence.PresenceSnapshot;
import io.switchboard.application.presence.PresentUser;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.port.in.presence.QueryPresenceUseCase;
import io.switchboard.application.port.in.presence.SendTypingUseCase;
import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.RecoverTopicUseCase;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.FrameFormat;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.application.realtime.TypingEvents;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The topic dialect's frames (docs/websocket.md) without the socket: parses what the client sends (auth,
 * subscribe, unsubscribe, message, ping), calls the use cases, and answers through a {@link Peer}. It holds the
 * connection's caller, token expiry and subscriptions. {@link TopicConnection} gives it the real socket; the
 * adapters-in tests give it a recording peer and fake use cases.
 */
final class TopicFrames {
    private static final Logger log = LoggerFactory.getLogger(TopicFrames.class);
    private static final int MAX_ID_LENGTH = 64;

    /** Where the frames go: the connection's outbound queue, or a test's list. */
    interface Peer {
        /** Queues a text frame; {@code type} is its bounded label for metrics. */
        void send(String text, String type);

        /** Queues a delivery's shared topic frame. */
        default void sendDelivery(Delivery delivery) {
            send(delivery.topicFrame(), "message");
        }

        /** Starts a close handshake behind the frames already queued. */
        void close(int code, String reason);

        /** True once the connection is gone. */
        boolean isReleased();

        /**
         * Counts the connection against {@code user}'s WS_MAX_CONNECTIONS_PER_USER (a no-op for the user it already
         * counts for); false when the user is at the cap.
         */
        boolean claimUser(UserId user);
    }

    /** The presence and typing use cases; either may be null (the frame then answers code 1, unknown type). */
    record Rooms(QueryPresenceUseCase presence, SendTypingUseCase typing) {
        static final Rooms NONE = new Rooms(null, null);
    }

    private final WsSettings settings;
    private final Rooms rooms;
    private final Metrics metrics;
    private final Supplier<Instant> clock;
    private final AuthenticateUseCase authenticate;
    private final SubscribeTopicUseCase subscriptions;
    private final PublishToTopicUseCase publisher;
    /** What the use cases see as the subscriber: the connection deliveries go to. */
    private final Subscriber subscriber;
    private final Peer peer;
    private final Set<TopicPattern> patterns = ConcurrentHashMap.newKeySet();
    private final RecoverTopicUseCase recover;
    /** Subscribes with recovery in progress: deliveries they match are held here. Guarded by itself. */
    private final List<Held> holds = new ArrayList<>(1);

    /** Deliveries held back while a subscribe with recovery reads the history. */
    private static final class Held {
        final TopicPattern pattern;
        final List<Delivery> deliveries = new ArrayList<>();
        boolean overflowed;

        Held(TopicPattern pattern) {
            this.pattern = pattern;
        }
    }

    /** Deliveries one recovering subscribe may hold before the connection is closed as a slow consumer. */
    static final int MAX_HELD = 10_000;

    /** Recovery where nothing keeps history. */
    static final RecoverTopicUseCase NO_HISTORY = (caller, pattern, since) ->
            RecoverTopicUseCase.Recovery.failed("no_history", null);

    private volatile Caller caller;
    private volatile long tokenExpiresAtMs;
    /** Set while waiting for the first `auth` frame, or for a fresh one after the token expired. */
    private volatile long authDeadlineNanos;
    private volatile boolean tokenExpired;

    TopicFrames(WsSettings settings, Metrics metrics, Supplier<Instant> clock, AuthenticateUseCase authenticate,
                SubscribeTopicUseCase subscriptions, PublishToTopicUseCase publisher, Subscriber subscriber,
                Peer peer, VerifiedToken token) {
        this(settings, metrics, clock, authenticate, subscriptions, publisher, NO_HISTORY, subscriber, peer, token,
                Rooms.NONE);
    }

    TopicFrames(WsSettings settings, Metrics metrics, Supplier<Instant> clock, AuthenticateUseCase authenticate,
                SubscribeTopicUseCase subscriptions, PublishToTopicUseCase publisher, RecoverTopicUseCase recover,
                Subscriber subscriber, Peer peer, VerifiedToken token, Rooms rooms) {
        this.recover = recover;
        this.rooms = rooms == null ? Rooms.NONE : rooms;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.authenticate = authenticate;
        this.subscriptions = subscriptions;
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.peer = peer;
        if (token != null) {
            accept(token);
        }
    }

    /** The authenticated user's id, or null before authentication. */
    String userId() {
        Caller current = caller;
        return current == null ? null : current.id().toString();
    }

    /** The patterns this connection holds (normal form), for the admin pages. */
    java.util.List<String> subscribedPatterns() {
        return patterns.stream().map(TopicPattern::value).sorted().toList();
    }

    /**
     * The socket is open: an unauthenticated connection has WS_AUTH_TIMEOUT_MS to send `auth`; one authenticated at
     * the upgrade gets the ready frame, shaped like the reply to `auth` (without `id`).
     */
    void onOpened(long nowNanos) {
        long timeout = settings.authTimeoutMs();
        Caller current = caller;
        if (current == null && timeout > 0) {
            authDeadlineNanos = nowNanos + WsConnection.millisToNanos(timeout);
        }
        if (current != null) {
            authSuccess(null, current, Instant.ofEpochMilli(tokenExpiresAtMs));
        }
    }

    /**
     * The per-delivery checks: a declared private channel's topics only for members (cheap for every other topic),
     * and no echo of the user's own typing. A user's own join and leave reach their own connections like everyone
     * else's (the join after the joiner's `subscribed` reply).
     */
    boolean mayReceive(Delivery delivery) {
        Caller current = caller;
        if (current == null) {
            return false;
        }
        String self = current.id().toString();
        String typer = TypingEvents.typerOf(delivery);
        if (typer != null && typer.equals(self)) {
            return false;
        }
        return subscriptions.mayReceive(current, delivery.topic());
    }

    /**
     * Who may read {@code topic} changed: an exact subscription to it that the user may no longer hold ends with
     * {@code {type:"unsubscribed", topic, reason:"MEMBERSHIP_REVOKED"}}.
     */
    void onAccessChanged(Topic topic) {
        Caller current = caller;
        TopicPattern exact = topic.asPattern();
        if (current == null || !patterns.contains(exact) || subscriptions.mayReceive(current, topic)) {
            return;
        }
        subscriptions.unsubscribe(topic.value(), subscriber);
        patterns.remove(exact);
        send(ReplyFrame.of("unsubscribed").field("topic", topic.value()).field("reason", MEMBERSHIP_REVOKED),
                "unsubscribed");
    }

    static final String MEMBERSHIP_REVOKED = "MEMBERSHIP_REVOKED";

    /** The connection is gone: drops its subscriptions. */
    void onReleased() {
        subscriptions.unsubscribeAll(subscriber);
        patterns.clear();
    }

    // ---- inbound -----------------------------------------------------------------------------------------

    /** A text frame that passed the rate limit ({@code null}: a binary frame). */
    void onText(String text) {
        String id = null;
        String type = "invalid";
        try {
            if (text == null) {
                throw new InvalidInput("INVALID_FRAME", "binary frames are not supported; send JSON text");
            }
            JsonNode frame = Json.parse(text);
            if (!frame.isObject()) {
                throw new InvalidInput("INVALID_FRAME", "a frame must be a JSON object");
            }
            id = frameId(frame);
            type = frame.path("type").isTextual() ? frame.get("type").textValue() : "";
            metrics.wsFrameIn(knownType(type));
            handle(type, frame, id);
        } catch (Failure failure) {
            sendError(failure, id);
            if (failure.code() == ErrorCode.UNAUTHORIZED && "auth".equals(type)) {
                peer.close(StatusCode.POLICY_VIOLATION, "authentication failed");
            }
        } catch (RuntimeException bug) {
            log.error("topic frame of type {} failed", type, bug);
            sendError(ErrorCode.INTERNAL_ERROR, "INTERNAL_ERROR", "the server could not handle the frame", id);
        }
    }

    private void handle(String type, JsonNode frame, String id) {
        switch (type) {
            case "ping" -> send(ReplyFrame.of("pong").id(id), "pong");
            case "auth" -> auth(frame, id);
            case "subscribe" -> subscribe(frame, id);
            case "unsubscribe" -> unsubscribe(frame, id);
            case "message" -> publish(frame, id);
            case "presence" -> {
                if (rooms.presence() == null) {
                    throw unknownType(type);
                }
                presence(frame, id);
            }
            case "typing" -> {
                if (rooms.typing() == null) {
                    throw unknownType(type);
                }
                typing(frame, id);
            }
            default -> throw new InvalidInput("UNKNOWN_TYPE",
                    type.isEmpty() ? "a frame needs a string `type`" : "unknown frame type '" + type + "'");
        }
    }

    private void auth(JsonNode frame, String id) {
        JsonNode token = frame.get("token");
        if (token == null || !token.isTextual()) {
            throw new Unauthorized("TOKEN_MISSING", "an auth frame needs a string `token`");
        }
        VerifiedToken verified = authenticate.authenticate(token.textValue());
        Caller current = caller;
        if (current != null && !current.id().equals(verified.caller().id())) {
            throw new Unauthorized("TOKEN_USER_MISMATCH", "a connection cannot change its user; open a new one");
        }
        if (tokenExpired && verified.expiresAt().toEpochMilli() <= Math.max(tokenExpiresAtMs,
                clock.get().toEpochMilli())) {
            // Within the verifier's clock skew an expired token still verifies; it cannot renew a connection whose
            // token expired, or the connection would live on with a past expiresAt.
            throw new Unauthorized("TOKEN_EXPIRED", "the token in a renewing auth frame must expire later than now");
        }
        if (!peer.claimUser(verified.caller().id())) { // WS_MAX_CONNECTIONS_PER_USER: error 7, then close 1008
            metrics.wsDropped("user_connection_limit");
            sendError(ErrorCode.RATE_LIMITED, "TOO_MANY_USER_CONNECTIONS",
                    "too many WebSocket connections for this user", id);
            peer.close(StatusCode.POLICY_VIOLATION, "too many connections for this user");
            return;
        }
        accept(verified);
        authSuccess(id, verified.caller(), verified.expiresAt());
    }

    private void authSuccess(String id, Caller current, Instant expiresAt) {
        send(ReplyFrame.of("auth_success").field("userId", current.id().toString())
                .field("expiresAt", ReplyFrame.iso(expiresAt)).id(id), "auth_success");
    }

    private void accept(VerifiedToken token) {
        caller = token.caller();
        tokenExpiresAtMs = token.expiresAt().toEpochMilli();
        tokenExpired = false;
        authDeadlineNanos = 0;
    }

    private Caller requireCaller() {
        Caller current = caller;
        if (current == null) {
            throw new Unauthorized("AUTH_REQUIRED", "send an auth frame first");
        }
        if (tokenExpired) {
            throw new Unauthorized("TOKEN_EXPIRED", "the token has expired; send an auth frame with a fresh one");
        }
        return current;
    }

    private void subscribe(JsonNode frame, String id) {
        Caller current = requireCaller();
        List<String> requested = topicsOf(frame);
        RecoverTopicUseCase.Since since = sinceOf(frame);
        for (String topic : requested) {
            if (since != null) {
                subscribeRecovering(current, topic, since, id);
                continue;
            }
            try {
                int max = settings.maxSubscriptions();
                // Compared in normal form: `a.**.**` is the subscription `a.**` (code 2 here if malformed).
                boolean known = patterns.contains(TopicPattern.parse(topic));
                if (!known && max > 0 && patterns.size() >= max) {
                    throw new ValidationFailed("SUBSCRIPTION_LIMIT",
                            List.of(new FieldError("topic", "at most " + max + " subscriptions per connection")));
                }
                TopicPattern pattern = subscriptions.subscribe(current, topic, subscriber);
                patterns.add(pattern);
                if (peer.isReleased()) {
                    // Released (e.g. cut off by the housekeeper) while this frame was handled: onReleased may have
                    // emptied the registry before this subscription reached it, so drop what is left.
                    subscriptions.unsubscribeAll(subscriber);
                    return;
                }
                // The topic as sent, like `unsubscribed` and errors.
                send(ReplyFrame.of("subscribed").field("topic", topic).id(id), "subscribed");
                subscriptions.afterSubscribed(current, pattern, subscriber);
                if (peer.isReleased()) {
                    subscriptions.unsubscribeAll(subscriber); // closed meanwhile: no presence entry may stay behind
                    return;
                }
            } catch (Failure failure) {
                sendError(failure, id, topic);
            }
        }
    }

    /**
     * Subscribe with recovery (docs/history-and-recovery.md): hold back what the new subscription delivers, subscribe,
     * read the history, then send `subscribed`, the replay, and the held deliveries the replay does not contain (by
     * topic, epoch and offset), in that order: no gap and no duplicate across the hand-over.
     */
    private void subscribeRecovering(Caller current, String topic, RecoverTopicUseCase.Since since, String id) {
        Held held = null;
        try {
            TopicPattern parsed = TopicPattern.parse(topic);
            int max = settings.maxSubscriptions();
            if (!patterns.contains(parsed) && max > 0 && patterns.size() >= max) {
                throw new ValidationFailed("SUBSCRIPTION_LIMIT",
                        List.of(new FieldError("topic", "at most " + max + " subscriptions per connection")));
            }
            held = new Held(parsed);
            synchronized (holds) {
                holds.add(held);
            }
            TopicPattern pattern = subscriptions.subscribe(current, topic, subscriber);
            patterns.add(pattern);
            if (peer.isReleased()) {
                subscriptions.unsubscribeAll(subscriber);
                return;
            }
            RecoverTopicUseCase.Recovery recovery;
            try {
                recovery = recover.recover(current, pattern, since);
            } catch (Failure failure) { // e.g. the history store is unavailable: no half-made subscription
                subscriptions.unsubscribe(topic, subscriber);
                patterns.remove(pattern);
                throw failure;
            }
            ReplyFrame subscribed = ReplyFrame.of("subscribed").field("topic", topic)
                    .field("recovered", recovery.recovered());
            if (recovery.position() != null) {
                subscribed.field("offset", recovery.position().offset())
                        .field("epoch", recovery.position().epoch());
            }
            if (recovery.reason() != null) {
                subscribed.field("reason", recovery.reason());
            }
            synchronized (holds) {
                send(subscribed.id(id), "subscribed");
                Map<String, StreamPosition> replayedUpTo = new HashMap<>();
                for (Publication publication : recovery.publications()) {
                    peer.send(Json.write(FrameFormat.TOPIC.render(publication)), "message");
                    replayedUpTo.put(publication.topic().value(), publication.position());
                }
                if (recovery.recovered() && recovery.position() != null && pattern.isExact()) {
                    replayedUpTo.put(pattern.value(), recovery.position());
                }
                release(held, replayedUpTo);
                held = null;
            }
            subscriptions.afterSubscribed(current, pattern, subscriber); // presence join, as for any subscribe
            if (peer.isReleased()) {
                subscriptions.unsubscribeAll(subscriber); // closed meanwhile: no presence entry may stay behind
            }
        } catch (Failure failure) {
            sendError(failure, id, topic);
        } finally {
            if (held != null) {
                synchronized (holds) {
                    release(held, Map.of());
                }
            }
        }
    }

    /** Sends what {@code held} holds but the replay covered (caller holds the lock), and stops holding. */
    private void release(Held held, Map<String, StreamPosition> replayedUpTo) {
        holds.remove(held);
        if (held.overflowed) {
            metrics.wsDropped("slow_consumer");
            peer.close(WsConnection.SLOW_CONSUMER, "too many deliveries during a recovery");
            return;
        }
        for (Delivery delivery : held.deliveries) {
            StreamPosition at = delivery.publication().position();
            StreamPosition replayed = replayedUpTo.get(delivery.topic().value());
            if (at != null && replayed != null && at.epoch().equals(replayed.epoch())
                    && at.offset() <= replayed.offset()) {
                continue; // the replay had it
            }
            if (!holds(delivery)) { // another recovering subscribe that matches it sends it in its turn
                peer.sendDelivery(delivery);
            }
        }
    }

    /** Whether a recovering subscribe holds {@code delivery} back (it is then sent after that replay). */
    boolean holds(Delivery delivery) {
        synchronized (holds) {
            for (Held held : holds) {
                if (held.pattern.matches(delivery.topic())) {
                    if (held.deliveries.size() >= MAX_HELD) {
                        held.overflowed = true;
                    } else {
                        held.deliveries.add(delivery);
                    }
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The link to the other instances was interrupted: events on these subscriptions may have been missed
     * ({@code {type:"resync", topics, reason, timestamp}}).
     */
    void sendResync(java.util.Collection<TopicPattern> missed, String reason) {
        List<String> topics = new ArrayList<>();
        for (TopicPattern pattern : missed) {
            topics.add(pattern.value());
        }
        send(ReplyFrame.of("resync").tree("topics", topics).field("reason", reason), "resync");
    }

    /**
     * {@code since}: {offset, epoch} (an exact topic) or {timestamp, positions?} (a pattern); null when absent.
     */
    private static RecoverTopicUseCase.Since sinceOf(JsonNode frame) {
        JsonNode since = frame.get("since");
        if (since == null || since.isNull()) {
            return null;
        }
        if (!since.isObject()) {
            throw ValidationFailed.of("since", "must be {offset, epoch} or {timestamp, positions?}");
        }
        JsonNode offset = since.get("offset");
        JsonNode epoch = since.get("epoch");
        JsonNode timestamp = since.get("timestamp");
        if (offset != null || epoch != null) {
            if (offset == null || !offset.canConvertToExactIntegral() || offset.asLong() < 0
                    || !offset.isIntegralNumber() || epoch == null || !epoch.isTextual() || epoch.textValue().isEmpty()
                    || epoch.textValue().length() > 64) {
                throw ValidationFailed.of("since", "{offset, epoch}: a non-negative integer and a string");
            }
            return new RecoverTopicUseCase.Since.Exact(offset.asLong(), epoch.textValue());
        }
        if (timestamp == null || !timestamp.isIntegralNumber() || timestamp.asLong() < 0) {
            throw ValidationFailed.of("since", "give {offset, epoch} for a topic or {timestamp (epoch ms), "
                    + "positions?} for a pattern");
        }
        Map<io.switchboard.domain.topic.Topic, StreamPosition> positions = new HashMap<>();
        JsonNode listed = since.get("positions");
        if (listed != null && !listed.isNull()) {
            if (!listed.isObject() || listed.size() > 1000) {
                throw ValidationFailed.of("since.positions", "must be an object of at most 1000 topics");
            }
            var fields = listed.fields();
            while (fields.hasNext()) {
                var entry = fields.next();
                JsonNode o = entry.getValue().get("offset");
                JsonNode e = entry.getValue().get("epoch");
                if (!io.switchboard.domain.topic.Topic.isValid(entry.getKey()) || o == null || !o.isIntegralNumber()
                        || o.asLong() < 0 || e == null || !e.isTextual() || e.textValue().isEmpty()
                        || e.textValue().length() > 64 || e.textValue().contains(" ")) {
                    throw ValidationFailed.of("since.positions", "each entry is <topic>: {offset, epoch}");
                }
                positions.put(io.switchboard.domain.topic.Topic.parse(entry.getKey()),
                        new StreamPosition(o.asLong(), e.textValue()));
            }
        }
        return new RecoverTopicUseCase.Since.Pattern(Instant.ofEpochMilli(timestamp.asLong()), positions);
    }

    private void unsubscribe(JsonNode frame, String id) {
        requireCaller();
        for (String topic : topicsOf(frame)) {
            try {
                subscriptions.unsubscribe(topic, subscriber);
                patterns.remove(TopicPattern.parse(topic)); // valid: the line above parsed it
                send(ReplyFrame.of("unsubscribed").field("topic", topic).id(id), "unsubscribed");
            } catch (Failure failure) {
                sendError(failure, id, topic);
            }
        }
    }

    private static InvalidInput unknownType(String type) {
        return new InvalidInput("UNKNOWN_TYPE", "unknown frame type '" + type + "'");
    }

    /** {type:"presence", topic, limit?} -> {type:"presence", topic, users:[{userId, name, since}], total}. */
    private void presence(JsonNode frame, String id) {
        Caller current = requireCaller();
        JsonNode topic = frame.get("topic");
        if (topic == null || !topic.isTextual()) {
            throw ValidationFailed.of("topic", "is required and must be a string");
        }
        JsonNode limitNode = frame.get("limit");
        int limit = QueryPresenceUseCase.DEFAULT_LIMIT;
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.isInt()) {
                throw ValidationFailed.of("limit", "must be an integer");
            }
            limit = limitNode.intValue();
        }
        PresenceSnapshot snapshot = rooms.presence().presence(current, topic.textValue(), limit);
        send(ReplyFrame.of("presence").field("topic", topic.textValue()).tree("users", presenceUsers(snapshot))
                .field("total", snapshot.total()).id(id), "presence");
    }

    static List<Map<String, Object>> presenceUsers(PresenceSnapshot snapshot) {
        List<Map<String, Object>> users = new ArrayList<>(snapshot.users().size());
        for (PresentUser user : snapshot.users()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("userId", user.userId());
            view.put("name", user.name());
            view.put("since", Views.iso(user.since()));
            users.add(view);
        }
        return users;
    }

    /** {type:"typing", topic, typing}: only on an exact topic this connection is subscribed to; no reply. */
    private void typing(JsonNode frame, String id) {
        Caller current = requireCaller();
        JsonNode topic = frame.get("topic");
        JsonNode typing = frame.get("typing");
        if (topic == null || !topic.isTextual()) {
            throw ValidationFailed.of("topic", "is required and must be a string");
        }
        if (typing == null || !typing.isBoolean()) {
            throw ValidationFailed.of("typing", "is required and must be true or false");
        }
        TopicPattern pattern = TopicPattern.parse(topic.textValue());
        if (!pattern.isExact()) {
            throw ValidationFailed.of("topic", "typing needs an exact topic");
        }
        if (!patterns.contains(pattern)) {
            throw new Forbidden("NOT_SUBSCRIBED", "subscribe to the exact topic before sending typing on it");
        }
        rooms.typing().typing(current, topic.textValue(), typing.booleanValue());
    }

    private void publish(JsonNode frame, String id) {
        Caller current = requireCaller();
        JsonNode topic = frame.get("topic");
        JsonNode content = frame.get("content");
        JsonNode data = frame.get("data");
        if (topic == null || !topic.isTextual()) {
            throw ValidationFailed.of("topic", "is required and must be a string");
        }
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw ValidationFailed.of("content", "must be a string");
        }
        Object dataTree = data == null || data.isNull() ? null : Json.mapper().convertValue(data, Object.class);
        PublishToTopicUseCase.Published published = publisher.publish(new PublishToTopicUseCase.Command(current,
                topic.textValue(), content == null || content.isNull() ? null : content.textValue(), dataTree));
        ReplyFrame reply = ReplyFrame.of("published").field("topic", published.topic().value());
        published.messageId().ifPresent(messageId -> reply.field("messageId", messageId));
        send(reply.id(id), "published");
    }

    /** `topic` or `topics` (a non-empty array of strings). */
    private static List<String> topicsOf(JsonNode frame) {
        JsonNode one = frame.get("topic");
        JsonNode many = frame.get("topics");
        List<String> topics = new ArrayList<>();
        if (one != null && !one.isNull()) {
            if (!one.isTextual()) {
                throw ValidationFailed.of("topic", "must be a string");
            }
            topics.add(one.textValue());
        }
        if (many != null && !many.isNull()) {
            if (!many.isArray() || many.isEmpty()) {
                throw ValidationFailed.of("topics", "must be a non-empty array of strings");
            }
            for (JsonNode t : many) {
                if (!t.isTextual()) {
                    throw ValidationFailed.of("topics", "must be a non-empty array of strings");
                }
                topics.add(t.textValue());
            }
        }
        if (topics.isEmpty()) {
            throw ValidationFailed.of("topic", "give `topic` or `topics`");
        }
        return topics;
    }

    private static String frameId(JsonNode frame) {
        JsonNode id = frame.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.textValue().length() > MAX_ID_LENGTH) {
            throw new InvalidInput("INVALID_ID", "`id` must be a string of at most " + MAX_ID_LENGTH + " characters");
        }
        return id.textValue();
    }

    private static String knownType(String type) {
        return switch (type) {
            case "ping", "auth", "subscribe", "unsubscribe", "message", "presence", "typing" -> type;
            default -> "unknown";
        };
    }

    // ---- timers ------------------------------------------------------------------------------------------

    /** The auth deadline and the token expiry, run by the housekeeper. */
    void onTick(long nowNanos) {
        long deadline = authDeadlineNanos;
        if (deadline != 0 && nowNanos - deadline > 0) {
            authDeadlineNanos = 0;
            peer.close(StatusCode.POLICY_VIOLATION, tokenExpired ? "token expired" : "authentication timeout");
            return;
        }
        if (caller != null && !tokenExpired && clock.get().toEpochMilli() >= tokenExpiresAtMs) {
            tokenExpired = true;
            long grace = settings.reauthGraceMs();
            authDeadlineNanos = nowNanos + WsConnection.millisToNanos(grace);
            sendError(new Unauthorized("TOKEN_EXPIRED",
                    "the token has expired; send an auth frame with a fresh one within " + grace + " ms"), null);
        }
    }

    // ---- outbound ----------------------------------------------------------------------------------------

    void sendRateLimited(long retryAfterSeconds) {
        ReplyFrame frame = errorFrame(ErrorCode.RATE_LIMITED, "RATE_LIMITED", "too many frames; slow down", null);
        frame.tree("details", Map.of("retryAfterSeconds", retryAfterSeconds));
        peer.send(frame.end(), "error");
    }

    /** A reply: its fields, then the client's `id` (if any), then `timestamp`. */
    private void send(ReplyFrame reply, String type) {
        peer.send(reply.timestamp(clock.get()).end(), type);
    }

    private void sendError(Failure failure, String id) {
        sendError(failure, id, null);
    }

    private void sendError(Failure failure, String id, String topic) {
        ReplyFrame frame = errorFrame(failure.code(), failure.reason(), failure.getMessage(), id);
        if (topic != null) {
            frame.field("topic", topic);
        }
        if (!failure.details().isEmpty()) {
            frame.tree("details", failure.details());
        }
        peer.send(frame.end(), "error");
    }

    private void sendError(ErrorCode code, String reason, String message, String id) {
        peer.send(errorFrame(code, reason, message, id).end(), "error");
    }

    private ReplyFrame errorFrame(ErrorCode code, String reason, String message, String id) {
        return ReplyFrame.of("error").field("code", code.number()).field("reason", reason).field("message", message)
                .id(id).timestamp(clock.get());
    }
}
