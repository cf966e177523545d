package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The history of one process (memory mode; docs/history-and-recovery.md): a ring buffer per topic that keeps history,
 * bounded by HISTORY_SIZE entries and HISTORY_TTL_SECONDS, and at most HISTORY_MAX_TOPICS streams, the least recently
 * published evicted first. The epoch of a stream is this process's random id plus the stream's incarnation, so a
 * restart and an eviction both start a new epoch (a client that recovers from the old one learns it).
 *
 * <p>{@link #append} assigns the offset, stores, and runs the delivery under the stream's lock, so live subscribers
 * see offsets in order and a reader ({@link #read}) sees either a publication in the stream or, having subscribed
 * before reading, receives it live afterwards: the hand-over that exact recovery relies on.
 */
final class MemoryHistory implements TopicHistory {
    private final HistorySettings settings;
    private final Clock clock;
    private final String processEpoch = UUID.randomUUID().toString().substring(0, 8);
    /** Streams in order of their last publication (oldest first); guarded by itself. */
    private final LinkedHashMap<String, Stream> streams = new LinkedHashMap<>();
    private long incarnations;
    /** When the last stream was evicted (pattern recovery cannot prove completeness across it); guarded by streams. */
    private Instant lastEviction = Instant.MIN;

    private record Entry(Publication publication, Instant storedAt) {
    }

    /** One topic's stream; its monitor orders append, delivery and reads. */
    private static final class Stream {
        final Topic topic;
        final String epoch;
        long top;
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        /** The timestamp of the newest publication dropped (by size or age), or MIN. */
        Instant droppedUpTo = Instant.MIN;

        Stream(Topic topic, String epoch) {
            this.topic = topic;
            this.epoch = epoch;
        }
    }

    MemoryHistory(HistorySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    boolean keeps(Topic topic) {
        return settings.keeps(topic);
    }

    /** Assigns the next offset, stores, and hands the placed publication to {@code deliver}, all under the lock. */
    void append(Publication publication, Consumer<Publication> deliver) {
        Stream stream = stream(publication.topic(), true);
        synchronized (stream) {
            Instant now = clock.now();
            expire(stream, now);
            Publication placed = publication.at(new StreamPosition(stream.top + 1, stream.epoch));
            stream.top++;
            stream.entries.addLast(new Entry(placed, now));
            while (stream.entries.size() > settings.size()) {
                drop(stream);
            }
            deliver.accept(placed);
        }
    }

    @Override
    public Window read(Topic topic, long afterOffset, int limit) {
        Stream stream = stream(topic, false);
        synchronized (stream) {
            expire(stream, clock.now());
            List<Publication> out = new ArrayList<>();
            for (Entry entry : stream.entries) {
                if (out.size() >= limit) {
                    break;
                }
                if (entry.publication().position().offset() > afterOffset) {
                    out.add(entry.publication());
                }
            }
            long firstKept = stream.entries.isEmpty() ? stream.top + 1
                    : stream.entries.peekFirst().publication().position().offset();
            return new Window(stream.epoch, stream.top, firstKept, out);
        }
    }

    @Override
    public PatternWindow readPattern(TopicPattern pattern, Instant since, Map<Topic, StreamPosition> positions,
                                     int limit, Predicate<Topic> readable) {
        List<Stream> matching = new ArrayList<>();
        Instant evicted;
        synchronized (streams) {
            evicted = lastEviction;
            for (Stream stream : streams.values()) {
                if (pattern.matches(stream.topic) && readable.test(stream.topic)) {
                    matching.add(stream);
                }
            }
        }
        String reason = evicted.isAfter(since) ? "evicted" : null;
        List<Publication> found = new ArrayList<>();
        Instant now = clock.now();
        for (Stream stream : matching) {
            synchronized (stream) {
                expire(stream, now);
                StreamPosition from = positions.get(stream.topic);
                if (from != null && !from.epoch().equals(stream.epoch)) {
                    reason = reason == null ? "epoch_changed" : reason;
                    continue;
                }
                long firstKept = stream.entries.isEmpty() ? stream.top + 1
                        : stream.entries.peekFirst().publication().position().offset();
                if (from != null ? from.offset() < firstKept - 1 : stream.droppedUpTo.isAfter(since)) {
                    reason = reason == null ? "trimmed" : reason;
                }
                for (Entry entry : stream.entries) {
                    Publication p = entry.publication();
                    if (from != null ? p.position().offset() > from.offset() : p.timestamp().isAfter(since)) {
                        found.add(p);
                    }
                }
            }
        }
        for (Map.Entry<Topic, StreamPosition> listed : positions.entrySet()) {
            if (pattern.matches(listed.getKey()) && readable.test(listed.getKey())
                    && matching.stream().noneMatch(s -> s.topic.equals(listed.getKey()))) {
                reason = reason == null ? "epoch_changed" : reason; // its stream is gone (evicted or restarted)
            }
        }
        found.sort(Comparator.comparing(Publication::timestamp)
                .thenComparing(p -> p.topic().value()).thenComparingLong(p -> p.position().offset()));
        if (limit > 0 && found.size() > limit) {
            return new PatternWindow(false, "too_many", List.of());
        }
        return new PatternWindow(reason == null, reason, reason == null ? found : List.of());
    }

    /** Streams kept now (for the bound's test). */
    int topics() {
        synchronized (streams) {
            return streams.size();
        }
    }

    private Stream stream(Topic topic, boolean published) {
        synchronized (streams) {
            String key = topic.value();
            Stream stream = published ? streams.remove(key) : streams.get(key);
            if (stream == null) {
                stream = new Stream(topic, processEpoch + "-" + (++incarnations));
            }
            streams.put(key, stream); // a publication moves it to the newest end; a read of a known one does not
            int max = settings.maxTopics();
            if (max > 0) {
                Iterator<Stream> oldest = streams.values().iterator();
                while (streams.size() > max && oldest.hasNext()) {
                    Stream victim = oldest.next();
                    if (victim == stream) {
                        continue;
                    }
                    oldest.remove();
                    lastEviction = clock.now();
                }
            }
            return stream;
        }
    }

    private void expire(Stream stream, Instant now) {
        Instant oldest = now.minus(settings.ttl());
        while (!stream.entries.isEmpty() && stream.entries.peekFirst().storedAt().isBefore(oldest)) {
            drop(stream);
        }
    }

    private static void drop(Stream stream) {
        Entry dropped = stream.entries.pollFirst();
        if (dropped != null && dropped.publication().timestamp().isAfter(stream.droppedUpTo)) {
            stream.droppedUpTo = dropped.publication().timestamp();
        }
    }
}
