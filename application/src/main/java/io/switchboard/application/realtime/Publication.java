package io.switchboard.application.realtime;

import io.switchboard.domain.topic.Topic;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing published on one concrete topic: {@code eventType} is the contract's name (`message.sent`,
 * `user.updated`, `session.updated`, `client.message`), {@code data} what the frames carry, shared by every
 * subscriber on every thread, so nobody mutates it once published: a JSON-ready tree (Maps, Lists, Strings, Numbers,
 * Booleans, nulls; see the FrameEncoder out-port), a {@link RawJson} (already encoded, e.g. arrived from another
 * instance) or a {@link SessionUpdate} (a session's change, typed for the session dialect).
 *
 * @param position null, or the publication's place in its topic's history stream (offset and epoch; docs/history-and-
 *                 recovery.md): set once the history assigned it, carried by the topic dialect's frame
 * @param ordering null, or the place of this publication among the changes of one thing (a session, a message):
 *                 on its topic, a pub/sub delivers it only if its version is higher than every version delivered
 *                 before for the same key, so no subscriber sees an older state after a newer one, whichever
 *                 thread or instance published first
 */
public record Publication(Topic topic, String eventType, Object data, Instant timestamp, Ordering ordering,
                          StreamPosition position) {
    /**
     * @param key     what the versions count changes of, e.g. `session:{id}@{createdAt}`, `message:{id}`
     * @param version higher for a later change; {@link #LAST} for a deletion (nothing of the key comes after it)
     */
    public record Ordering(String key, long version) {
        public static final long LAST = Long.MAX_VALUE;

        public Ordering {
            Objects.requireNonNull(key, "key");
            if (key.isEmpty() || key.indexOf('\n') >= 0 || key.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("an ordering key is one word");
            }
        }
    }

    /**
     * Presence and typing announcements (`presence.join`, `presence.leave`, `typing`) are live only: never stored in
     * a topic's history, so they take no offset and a recovery never replays them (docs/history-and-recovery.md).
     */
    public boolean isEphemeral() {
        return PresenceEvents.JOIN.equals(eventType) || PresenceEvents.LEAVE.equals(eventType)
                || TypingEvents.EVENT_TYPE.equals(eventType);
    }

    /** A publication with no ordering: every one is delivered. */
    public Publication(Topic topic, String eventType, Object data, Instant timestamp) {
        this(topic, eventType, data, timestamp, null, null);
    }

    /** A publication not (yet) placed in a history stream. */
    public Publication(Topic topic, String eventType, Object data, Instant timestamp, Ordering ordering) {
        this(topic, eventType, data, timestamp, ordering, null);
    }

    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
        if (eventType.isBlank()) {
            throw new IllegalArgumentException("eventType must not be blank");
        }
    }

    /** The same publication carrying {@code newData} (e.g. its data encoded once as {@link RawJson}). */
    public Publication withData(Object newData) {
        return new Publication(topic, eventType, newData, timestamp, ordering, position);
    }

    /** The same publication at {@code newPosition} in its topic's history stream. */
    public Publication at(StreamPosition newPosition) {
        return new Publication(topic, eventType, data, timestamp, ordering, newPosition);
    }

    /** The data as the topic dialect shows it: a tree or {@link RawJson}; a {@link SessionUpdate} as its tree. */
    public Object dataTree() {
        return data instanceof SessionUpdate update ? update.tree() : data;
    }
}
