package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Local delivery of history topics in Redis mode (docs/history-and-recovery.md, "Gap repair"): every publication that
 * carries an offset, made here or received from Redis, passes through one thread that remembers, per topic with
 * local subscribers, the last offset delivered here (the cursor). A publication at the cursor or before it is a
 * repeat and dropped; one past {@code cursor + 1} reveals a gap (a PUBLISH this instance missed: its subscription
 * blinked, or the upstream SUBSCRIBE was not in place yet), which is filled from the topic's stream first. So the
 * subscribers here get every offset once and in order, whichever instance published it. After the subscribing link
 * comes back, {@link #repairAll} reads every tracked stream from its cursor (nothing needs to be published to reveal
 * the gap). An epoch change resets the cursor (nothing can be repaired across it).
 *
 * <p>This instance's own publications that waited in the outbox were delivered here at once, before they had an
 * offset ({@link #deliveredUnplaced}); a repair that finds one of them in the stream moves the cursor past it without
 * delivering it again (a history that names ids, {@link IdentifiedHistory}, tells them apart).
 */
final class HistorySequencer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistorySequencer.class);
    /** Topics whose cursor is remembered (least recently delivered forgotten first). */
    static final int CURSORS = 100_000;

    private final Hub hub;
    private final TopicHistory history;
    private final Metrics metrics;
    private final int repairMax;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sb-history-sequencer");
        t.setDaemon(true);
        return t;
    });
    /** topic -> last position delivered here; used on the sequencer thread only. */
    private final Map<String, StreamPosition> cursors = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StreamPosition> eldest) {
            return size() > CURSORS;
        }
    };

    /** Own publications' ids delivered here before they were stored (held in the outbox), until they are placed. */
    static final int UNPLACED = 100_000;
    private final Map<String, Boolean> deliveredUnplaced = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > UNPLACED;
                }
            });

    /** @param repairMax publications read from a stream at most per repair (HISTORY_REPLAY_MAX; 0: the stream) */
    HistorySequencer(Hub hub, TopicHistory history, Metrics metrics, int repairMax) {
        this.hub = hub;
        this.history = history;
        this.metrics = metrics;
        this.repairMax = repairMax <= 0 ? Integer.MAX_VALUE : repairMax;
    }

    /**
     * A placed publication for local delivery ({@code deliver} false: it was delivered already, without its offset,
     * while Redis was away; only the cursor moves).
     */
    void offer(Publication placed, List<Topic> earlierTopics, boolean deliver) {
        offer(placed, earlierTopics, deliver, null);
    }

    /** As {@link #offer(Publication, List, boolean)}; {@code heldId}: the id {@link #deliveredBeforeStored} named. */
    void offer(Publication placed, List<Topic> earlierTopics, boolean deliver, String heldId) {
        run(() -> {
            if (heldId != null) {
                deliveredUnplaced.remove(heldId); // placed now: a later repair starts after it anyway
            }
            handle(placed, earlierTopics, deliver);
        });
    }

    /**
     * This instance delivered its publication {@code id} locally before it was stored (it waits in the outbox); call
     * before that local delivery, so that no repair can deliver it a second time from the stream.
     */
    void deliveredBeforeStored(String id) {
        deliveredUnplaced.put(id, Boolean.TRUE);
    }

    /** A subscriber recovered {@code topic} up to {@code position}: start the cursor there if there is none. */
    void seed(Topic topic, StreamPosition position) {
        run(() -> cursors.putIfAbsent(topic.value(), position));
    }

    /** The subscribing link is back: once {@code settled}, fill every tracked topic's gap from its stream. */
    void repairAll(BooleanSupplier settled) {
        run(() -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!settled.getAsBoolean() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20); // our own thread; waiting for Redis to confirm the re-subscriptions
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            for (Map.Entry<String, StreamPosition> cursor : List.copyOf(cursors.entrySet())) {
                Topic topic = Topic.parse(cursor.getKey());
                if (hub.index().match(topic).isEmpty()) {
                    cursors.remove(cursor.getKey());
                    continue;
                }
                repair(topic, cursor.getValue(), Long.MAX_VALUE);
            }
        });
    }

    private void handle(Publication placed, List<Topic> earlierTopics, boolean deliver) {
        String topic = placed.topic().value();
        StreamPosition position = placed.position();
        if (hub.index().match(placed.topic()).isEmpty()) {
            cursors.remove(topic);
            return;
        }
        StreamPosition cursor = cursors.get(topic);
        if (cursor != null && cursor.epoch().equals(position.epoch())) {
            if (position.offset() <= cursor.offset()) {
                return; // a repeat, or filled in by a repair already
            }
            if (position.offset() > cursor.offset() + 1) {
                cursor = repair(placed.topic(), cursor, position.offset() - 1);
                if (cursor != null && position.offset() <= cursor.offset()) {
                    return;
                }
            }
        }
        cursors.put(topic, position);
        if (deliver) {
            hub.deliver(placed, earlierTopics);
        }
    }

    /** Delivers what the stream holds after {@code cursor} up to {@code upTo}; the new cursor. */
    private StreamPosition repair(Topic topic, StreamPosition cursor, long upTo) {
        TopicHistory.Window window;
        List<String> ids;
        try {
            if (history instanceof IdentifiedHistory identified) {
                IdentifiedHistory.Identified read = identified.readIdentified(topic, cursor.offset(), repairMax);
                window = read.window();
                ids = read.ids();
            } else {
                window = history.read(topic, cursor.offset(), repairMax);
                ids = null;
            }
        } catch (RuntimeException e) {
            log.warn("could not repair a gap on {} from its history: {}", topic, e.toString());
            return cursor;
        }
        if (!window.epoch().equals(cursor.epoch())) {
            cursors.remove(topic.value());
            return null;
        }
        if (!window.reachesBack(cursor.offset())) {
            metrics.wsDropped("history_gap");
            log.warn("a gap on {} after offset {} cannot be repaired: the history keeps offsets from {} on", topic,
                    cursor.offset(), window.firstKept());
        }
        StreamPosition now = cursor;
        List<Publication> found = window.publications();
        for (int i = 0; i < found.size(); i++) {
            Publication p = found.get(i);
            if (p.position().offset() > upTo) {
                break;
            }
            if (p.position().offset() > now.offset()) {
                boolean deliveredAlready = ids != null && deliveredUnplaced.remove(ids.get(i)) != null;
                if (!deliveredAlready) {
                    hub.deliver(p, List.of());
                }
                now = p.position();
            }
        }
        cursors.put(topic.value(), now);
        return now;
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("history sequencing failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
