package io.switchboard.adapters.out.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.domain.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Subscriber counts over every instance ({@code GET /api/topics/{topic}/subscribers}, docs/api.md and
 * docs/redis.md), on two control channels of the {@link Broker} beside the topic channels: requests to every
 * instance on {@code <controlPrefix>count}, and this instance's answers on {@code <controlPrefix>count-reply:<origin>}.
 *
 * <p>A count is this instance's {@link Hub#count} plus every other instance's: one publish of a request, whose
 * result (the number of receivers, as Redis PUBLISH answers) says how many instances listen; each of the others
 * answers with its connections and its users' ids (at most {@link #MAX_USER_IDS}, and how many more). It waits for
 * all answers, at most {@link #TIMEOUT_MS}; an instance that does not answer in time is left out (logged). Users
 * are counted once however many instances they are connected to.
 *
 * <p>Control messages are handled off the broker's I/O threads, on one thread with a bounded queue
 * ({@link #QUEUE}); a message that finds it full is dropped and counted
 * ({@code switchboard_ws_dropped_total{reason="control_overflow"}}): the asker then counts without that instance.
 */
final class SubscriberCounts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriberCounts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a subscriber count waits for the other instances' answers. */
    static final long TIMEOUT_MS = 500;
    /** The most user ids one instance sends in its answer to a count; beyond, it sends how many more there are. */
    static final int MAX_USER_IDS = 10_000;
    private static final int QUEUE = 1024;
    private static final long SUBSCRIBE_SECONDS = 5;

    private final Broker broker;
    private final Hub hub;
    private final String origin;
    private final BooleanSupplier connected;
    private final String requests;
    private final String replies;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Collector> pending = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor control;

    /**
     * @param controlPrefix names the control channels; must not be a prefix any topic channel or glob can match
     * @param connected     whether the broker's links are up (no request is sent while they are not)
     */
    SubscriberCounts(Broker broker, Hub hub, Metrics metrics, String controlPrefix, String origin,
                     BooleanSupplier connected) {
        this.broker = broker;
        this.hub = hub;
        this.origin = origin;
        this.connected = connected;
        this.requests = controlPrefix + "count";
        this.replies = controlPrefix + "count-reply:" + origin;
        this.control = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "sb-pubsub-control");
                    t.setDaemon(true);
                    return t;
                }, (task, executor) -> {
                    if (!executor.isShutdown()) {
                        metrics.wsDropped("control_overflow");
                    }
                });
    }

    /** Whether {@code channel} is one of the control channels (its messages go to {@link #received}). */
    boolean handles(String channel) {
        return channel.equals(requests) || channel.equals(replies);
    }

    /** On the broker's I/O thread: hands a control message over to the control thread. */
    void received(String channel, String payload) {
        try {
            control.execute(() -> controlMessage(channel, payload));
        } catch (RejectedExecutionException closed) {
            // shut down: nothing to answer any more
        }
    }

    /** Subscribes to the control channels, waiting for the broker's answer (a few seconds at most). */
    void subscribeNow() {
        try {
            broker.subscribe(List.of(requests, replies)).get(SUBSCRIBE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("could not subscribe to the control channels yet: {}", e.toString());
        }
    }

    /** The subscribing link is back: subscribe again, off the broker's I/O thread. */
    void resubscribe() {
        try {
            control.execute(this::subscribeNow);
        } catch (RejectedExecutionException closed) {
            // shut down
        }
    }

    /**
     * This instance's count plus the other instances' answers.
     *
     * @throws ServiceUnavailable STORE_UNAVAILABLE when the other instances cannot be asked (the broker is away)
     */
    SubscriberCount count(Topic topic) {
        Hub.LocalCount local = hub.count(topic);
        if (!connected.getAsBoolean()) {
            throw new ServiceUnavailable("STORE_UNAVAILABLE", "the other instances cannot be asked while Redis is away");
        }
        String id = origin + ":" + sequence.incrementAndGet();
        Collector collector = new Collector(local.connections(), local.owners());
        pending.put(id, collector);
        try {
            ObjectNode request = JSON.createObjectNode();
            request.put("id", id);
            request.put("topic", topic.value());
            request.put("replyTo", replies);
            Object answer;
            try {
                answer = broker.publish(requests, request.toString()).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailable("STORE_UNAVAILABLE", "interrupted while asking the other instances");
            } catch (ExecutionException | TimeoutException e) {
                throw new ServiceUnavailable("STORE_UNAVAILABLE", "could not ask the other instances: Redis is away");
            }
            long receivers = answer instanceof Number n ? n.longValue() : 0;
            long others = Math.max(0, receivers - 1); // this instance hears its own request and ignores it
            if (!collector.await(others, TIMEOUT_MS)) {
                log.warn("subscriber count of {}: {} of {} other instances answered within {} ms", topic,
                        collector.answers(), others, TIMEOUT_MS);
            }
            return collector.total();
        } finally {
            pending.remove(id);
        }
    }

    /** On the control thread: answer another instance's request, or take an answer to one of ours. */
    private void controlMessage(String channel, String message) {
        try {
            JsonNode tree = JSON.readTree(message);
            String id = tree.path("id").asText();
            if (channel.equals(replies)) {
                Collector collector = pending.get(id);
                if (collector != null) {
                    List<String> users = new ArrayList<>();
                    tree.path("users").forEach(u -> users.add(u.asText()));
                    collector.add(tree.path("connections").asLong(), users, tree.path("moreUsers").asLong());
                }
                return;
            }
            if (id.startsWith(origin + ":")) {
                return; // our own request: counted locally
            }
            Hub.LocalCount local = hub.count(Topic.parse(tree.path("topic").asText()));
            ObjectNode reply = JSON.createObjectNode();
            reply.put("id", id);
            reply.put("connections", local.connections());
            ArrayNode users = reply.putArray("users");
            int listed = 0;
            for (String owner : local.owners()) {
                if (listed++ == MAX_USER_IDS) {
                    break;
                }
                users.add(owner);
            }
            reply.put("moreUsers", Math.max(0, local.owners().size() - MAX_USER_IDS));
            broker.publish(tree.path("replyTo").asText(), reply.toString());
        } catch (Exception e) {
            log.warn("dropped a malformed control message on {}: {}", channel, e.toString());
        }
    }

    @Override
    public void close() {
        control.shutdownNow();
    }

    /** The answers to one count request: sums connections, unites user ids. */
    private static final class Collector {
        private long connections;
        private final Set<String> users;
        private long moreUsers;
        private long answers;

        Collector(long connections, Set<String> users) {
            this.connections = connections;
            this.users = new HashSet<>(users);
        }

        synchronized void add(long connections, List<String> users, long moreUsers) {
            this.connections += connections;
            this.users.addAll(users);
            this.moreUsers += moreUsers;
            answers++;
            notifyAll();
        }

        synchronized long answers() {
            return answers;
        }

        /** Waits until {@code expected} answers came; false when the time ran out first. */
        synchronized boolean await(long expected, long timeoutMs) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (answers < expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        synchronized SubscriberCount total() {
            return new SubscriberCount(connections, users.size() + moreUsers);
        }
    }
}
