package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The topic dialect ({@code /ws}): subscribe (exact topics and patterns), publish, presence and typing, with the
 * token renewed before it expires and on TOKEN_EXPIRED, and every subscription renewed after a reconnect, asking
 * the server to replay what was missed ({@code since}: the last offset and epoch seen on an exact topic, or the
 * last timestamp and positions on a pattern).
 *
 * <p>Every operation has a {@code ...Async} form answering a {@link CompletableFuture} and a blocking form that
 * waits at most the client's request timeout. Listener callbacks run on the client's executor, in order.
 */
public final class TopicClient extends ManagedSocket {
    /** The reply to a publish: {@code messageId} is set when the publish stored a message. */
    public record Published(String topic, String messageId) {
    }

    private final Map<String, Sub> subs = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final List<Consumer<SwitchboardException>> errorListeners = new CopyOnWriteArrayList<>();
    private final List<TopicListener> allListeners = new CopyOnWriteArrayList<>();
    private long nextId;
    private boolean authenticated;
    private Instant scheduledFor;
    private ScheduledFuture<?> refreshTimer;
    private volatile String userId;

    TopicClient(ClientContext ctx) {
        super(ctx);
    }

    @Override
    protected URI uri(AccessToken token) {
        return URI.create(ctx.wsBase() + "/ws?token=" + URLEncoder.encode(token.value(), StandardCharsets.UTF_8));
    }

    /** The user id the server authenticated (from {@code auth_success}), null before. */
    public String userId() {
        return userId;
    }

    /** Errors that answer no request of ours (e.g. RATE_LIMITED, TOKEN_EXPIRED being handled). */
    public void addErrorListener(Consumer<SwitchboardException> listener) {
        errorListeners.add(listener);
    }

    /** Sees every message and resync of this connection, whatever subscription it belongs to. */
    public void addListener(TopicListener listener) {
        allListeners.add(listener);
    }

    // ---- subscriptions ------------------------------------------------------------------------------------------

    /**
     * Subscribes; the future completes with the first {@code subscribed} reply, also when the connection drops
     * before it and the subscription goes through after the reconnect. A refusal fails it (code 2 or 5).
     */
    public CompletableFuture<Subscription> subscribeAsync(String topic, TopicListener listener) {
        Sub sub = new Sub(topic, listener);
        synchronized (lock) {
            if (subs.containsKey(topic)) {
                return CompletableFuture.failedFuture(new IllegalStateException("already subscribed to " + topic));
            }
            subs.put(topic, sub);
            if (authenticated) {
                sendSubscribe(sub, false);
            }
        }
        return sub.first;
    }

    public Subscription subscribe(String topic, TopicListener listener) {
        return await(subscribeAsync(topic, listener));
    }

    public CompletableFuture<Void> unsubscribeAsync(String topic) {
        synchronized (lock) {
            Sub sub = subs.remove(topic);
            if (sub == null) {
                return CompletableFuture.completedFuture(null);
            }
            sub.first.completeExceptionally(new SwitchboardException(0, "UNSUBSCRIBED", "unsubscribed", 0));
            if (!authenticated) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return request(Json.object().put("type", "unsubscribe").put("topic", topic)).thenApply(f -> null);
    }

    public void unsubscribe(String topic) {
        await(unsubscribeAsync(topic));
    }

    /** The topics (and patterns) this connection keeps subscribed, in subscription order. */
    public List<String> subscriptions() {
        synchronized (lock) {
            return List.copyOf(subs.keySet());
        }
    }

    // ---- publish, presence, typing, ping ------------------------------------------------------------------------

    /** Publishes on a topic ({@code messages.channel.{c}} stores a message; other allowed topics broadcast). */
    public CompletableFuture<Published> publishAsync(String topic, String content, JsonNode data) {
        ObjectNode frame = Json.object().put("type", "message").put("topic", topic);
        if (content != null) {
            frame.put("content", content);
        }
        if (data != null) {
            frame.set("data", data);
        }
        return request(frame).thenApply(r -> new Published(Json.text(r, "topic"), Json.text(r, "messageId")));
    }

    public Published publish(String topic, String content, JsonNode data) {
        return await(publishAsync(topic, content, data));
    }

    /** Who is present on a topic (newest first). */
    public CompletableFuture<Presence> presenceAsync(String topic) {
        return request(Json.object().put("type", "presence").put("topic", topic)).thenApply(TopicClient::presence);
    }

    public Presence presence(String topic) {
        return await(presenceAsync(topic));
    }

    /**
     * Tells the other subscribers of {@code topic} that this user is (or stopped) typing. The server ends a
     * {@code true} that is not repeated within its TTL (6 s by default): call again every few seconds while typing.
     */
    public CompletableFuture<Void> typingAsync(String topic, boolean typing) {
        return send(Json.object().put("type", "typing").put("topic", topic).put("typing", typing));
    }

    public void typing(String topic, boolean typing) {
        await(typingAsync(topic, typing));
    }

    /** An application-level round trip ({@code ping}/{@code pong}). */
    public CompletableFuture<Duration> pingAsync() {
        long start = System.nanoTime();
        return request(Json.object().put("type", "ping")).thenApply(r -> Duration.ofNanos(System.nanoTime() - start));
    }

    public Duration ping() {
        return await(pingAsync());
    }

    // ---- frames ---------------------------------------------------------------------------------------------------

    @Override
    protected void onFrame(JsonNode frame) {
        String type = frame.path("type").asText();
        String id = Json.text(frame, "id");
        switch (type) {
            case "auth_success" -> authenticated(frame, id);
            case "subscribed" -> subscribed(frame, id);
            case "unsubscribed" -> unsubscribed(frame, id);
            case "message" -> message(frame);
            case "resync" -> resync(frame);
            case "error" -> error(frame, id);
            default -> answer(id, frame);
        }
    }

    private void authenticated(JsonNode frame, String id) {
        userId = Json.text(frame, "userId");
        Instant expiresAt = Json.instant(frame, "expiresAt");
        boolean first;
        synchronized (lock) {
            first = !authenticated;
            authenticated = true;
            scheduleRefresh(expiresAt);
            if (first) {
                for (Sub sub : subs.values()) {
                    sendSubscribe(sub, sub.everSubscribed);
                }
            }
        }
        answer(id, frame);
        if (first) {
            ready();
        }
    }

    private void subscribed(JsonNode frame, String id) {
        Pending p;
        synchronized (lock) {
            p = id == null ? null : pending.remove(id);
        }
        if (p == null || p.sub == null) {
            return;
        }
        Sub sub = p.sub;
        Boolean recovered = frame.has("recovered") ? frame.get("recovered").asBoolean() : null;
        Subscribed info = new Subscribed(Json.text(frame, "topic"), recovered, Json.number(frame, "offset"),
                Json.text(frame, "epoch"), Json.text(frame, "reason"), p.resubscribe);
        synchronized (lock) {
            sub.everSubscribed = true;
            if (info.offset() != null && !sub.pattern && (sub.offset == null || Boolean.FALSE.equals(recovered))) {
                // The server's position: the first one, or after recovered:false (nothing was replayed) the new one.
                sub.offset = info.offset();
                sub.epoch = info.epoch();
            }
        }
        sub.first.complete(new Subscription(this, sub.topic));
        events.execute(() -> sub.listener.onSubscribed(info));
    }

    private void unsubscribed(JsonNode frame, String id) {
        if (id != null) {
            answer(id, frame);
            return;
        }
        String topic = Json.text(frame, "topic");
        String reason = Json.text(frame, "reason");
        Sub sub;
        synchronized (lock) {
            sub = subs.remove(topic);
        }
        if (sub != null) {
            events.execute(() -> sub.listener.onUnsubscribed(topic, reason));
        }
    }

    private void message(JsonNode frame) {
        Message message = Message.of(frame);
        List<Sub> matching = new ArrayList<>();
        synchronized (lock) {
            for (Sub sub : subs.values()) {
                if (sub.pattern ? TopicPatterns.matches(sub.topic, message.topic()) : sub.topic.equals(message.topic())) {
                    sub.saw(message);
                    matching.add(sub);
                }
            }
        }
        for (Sub sub : matching) {
            events.execute(() -> sub.listener.onMessage(message));
        }
        for (TopicListener listener : allListeners) {
            events.execute(() -> listener.onMessage(message));
        }
    }

    private void resync(JsonNode frame) {
        List<String> topics = new ArrayList<>();
        frame.path("topics").forEach(t -> topics.add(t.asText()));
        String reason = Json.text(frame, "reason");
        List<TopicListener> targets = new ArrayList<>(allListeners);
        synchronized (lock) {
            for (Sub sub : subs.values()) {
                if (topics.isEmpty() || topics.contains(sub.topic)) {
                    targets.add(sub.listener);
                }
            }
        }
        for (TopicListener listener : targets) {
            events.execute(() -> listener.onResync(topics, reason));
        }
    }

    private void error(JsonNode frame, String id) {
        SwitchboardException error = Json.error(frame);
        Pending p;
        synchronized (lock) {
            p = id == null ? null : pending.remove(id);
        }
        if (p != null) {
            if (p.sub != null) {
                boolean removed;
                synchronized (lock) {
                    removed = subs.remove(p.sub.topic, p.sub);
                }
                p.sub.first.completeExceptionally(error);
                if (removed && p.resubscribe) {
                    events.execute(() -> p.sub.listener.onUnsubscribed(p.sub.topic, error.reason()));
                }
            } else {
                p.future.completeExceptionally(error);
            }
            return;
        }
        if (error.code() == 4 && "TOKEN_EXPIRED".equals(error.reason())) {
            renewToken();
        }
        for (Consumer<SwitchboardException> listener : errorListeners) {
            events.execute(() -> listener.accept(error));
        }
    }

    private void answer(String id, JsonNode frame) {
        if (id == null) {
            return;
        }
        Pending p;
        synchronized (lock) {
            p = pending.remove(id);
        }
        if (p != null && p.future != null) {
            p.future.complete(frame);
        }
    }

    // ---- token renewal --------------------------------------------------------------------------------------------

    /** Under the lock: renew before {@code expiresAt} (once per expiry seen). */
    private void scheduleRefresh(Instant expiresAt) {
        if (expiresAt == null || expiresAt.equals(scheduledFor)) {
            return;
        }
        scheduledFor = expiresAt;
        if (refreshTimer != null) {
            refreshTimer.cancel(false);
        }
        Instant now = Instant.now();
        long delay = Duration.between(now, expiresAt).minus(Auth.refreshMargin(now, expiresAt)).toMillis();
        refreshTimer = ctx.scheduler().schedule(this::renewToken, Math.max(0, delay), TimeUnit.MILLISECONDS);
    }

    private void renewToken() {
        ctx.tokens().token(true).thenCompose(token -> {
            synchronized (lock) {
                if (!authenticated) {
                    return CompletableFuture.completedFuture(null);
                }
            }
            return request(Json.object().put("type", "auth").put("token", token.value()));
        }).exceptionally(e -> null);
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    @Override
    protected void onSocketClosed() {
        List<Pending> failed = new ArrayList<>();
        synchronized (lock) {
            authenticated = false;
            scheduledFor = null;
            if (refreshTimer != null) {
                refreshTimer.cancel(false);
                refreshTimer = null;
            }
            for (Pending p : pending.values()) {
                if (p.future != null) {
                    failed.add(p);
                }
            }
            pending.clear();
        }
        // Subscriptions stay: they are sent again after the reconnect. Other requests may or may not have been
        // handled, so they fail rather than being repeated.
        failed.forEach(p -> p.future.completeExceptionally(SwitchboardException.disconnected()));
    }

    @Override
    public void close() {
        List<Sub> open;
        synchronized (lock) {
            open = new ArrayList<>(subs.values());
        }
        super.close();
        open.forEach(s -> s.first.completeExceptionally(new SwitchboardException(0, "CLOSED", "closed", 0)));
    }

    /** Under the lock. */
    private void sendSubscribe(Sub sub, boolean resubscribe) {
        String id = "s" + (++nextId);
        pending.put(id, new Pending(null, sub, resubscribe));
        ObjectNode frame = Json.object().put("type", "subscribe").put("topic", sub.topic).put("id", id);
        if (resubscribe) {
            ObjectNode since = sub.since();
            if (since != null) {
                frame.set("since", since);
            }
        }
        send(frame);
    }

    private CompletableFuture<JsonNode> request(ObjectNode frame) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        String id;
        synchronized (lock) {
            if (!authenticated) {
                return CompletableFuture.failedFuture(SwitchboardException.disconnected());
            }
            id = "r" + (++nextId);
            pending.put(id, new Pending(future, null, false));
        }
        frame.put("id", id);
        send(frame).whenComplete((x, e) -> {
            if (e != null) {
                synchronized (lock) {
                    pending.remove(id);
                }
                future.completeExceptionally(SwitchboardException.disconnected());
            }
        });
        return future.orTimeout(ctx.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((x, e) -> {
            if (e instanceof TimeoutException) {
                synchronized (lock) {
                    pending.remove(id);
                }
            }
        });
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ctx.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new SwitchboardException(0, "TIMEOUT", "no answer in time", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private static Presence presence(JsonNode frame) {
        List<Presence.User> users = new ArrayList<>();
        frame.path("users").forEach(u -> users.add(new Presence.User(Json.text(u, "userId"), Json.text(u, "name"),
                Json.instant(u, "since"))));
        return new Presence(Json.text(frame, "topic"), List.copyOf(users), frame.path("total").asLong(users.size()));
    }

    private record Pending(CompletableFuture<JsonNode> future, Sub sub, boolean resubscribe) {
    }

    /** A subscription and the position it has reached (what a resubscribe asks the server to replay from). */
    private static final class Sub {
        final String topic;
        final boolean pattern;
        final TopicListener listener;
        final CompletableFuture<Subscription> first = new CompletableFuture<>();
        boolean everSubscribed;
        Long offset;
        String epoch;
        Instant lastTimestamp;
        final Map<String, ObjectNode> positions = new LinkedHashMap<>();

        Sub(String topic, TopicListener listener) {
            this.topic = topic;
            this.pattern = TopicPatterns.isPattern(topic);
            this.listener = listener;
        }

        void saw(Message message) {
            if (message.timestamp() != null) {
                lastTimestamp = message.timestamp();
            }
            if (message.offset() == null) {
                return;
            }
            if (pattern) {
                positions.put(message.topic(), Json.object().put("offset", message.offset())
                        .put("epoch", message.epoch()));
            } else {
                offset = message.offset();
                epoch = message.epoch();
            }
        }

        ObjectNode since() {
            if (!pattern && offset != null) {
                return Json.object().put("offset", offset).put("epoch", epoch);
            }
            if (pattern && lastTimestamp != null) {
                ObjectNode since = Json.object().put("timestamp", lastTimestamp.toEpochMilli());
                if (!positions.isEmpty()) {
                    ObjectNode pos = since.putObject("positions");
                    positions.forEach(pos::set);
                }
                return since;
            }
            return null;
        }
    }
}
