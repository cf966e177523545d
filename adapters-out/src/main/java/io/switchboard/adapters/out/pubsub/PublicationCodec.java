package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.application.realtime.SessionUpdate;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.topic.Topic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one wire format of publications between instances (docs/redis.md, "Pub/sub wire format"): typed header lines,
 * then the data as JSON. The receiving instance decodes the header and keeps the data as {@link RawJson}, embedded
 * verbatim in every frame it renders; it never parses a rendered frame, nor the data.
 *
 * <pre>
 * v3
 * {origin} {sequence}
 * {earlier topics, comma-separated, or empty}
 * {ordering key} {ordering version}, or empty
 * {topic}
 * {eventType}
 * {timestamp, ISO-8601 instant}
 * {offset, or empty}
 * {epoch, or empty}
 * json | session {sessionId} {version} {event or -}
 * {data: JSON; for `session`, the state view}
 * </pre>
 *
 * Offset and epoch are empty for a topic that keeps no history; for one that does, the history script writes them
 * (see {@link #encodeParts}). Older formats (v1, v2 carried a rendered frame)
 * are refused: every instance of a deployment runs the same format (upgrade them together).
 */
public final class PublicationCodec {
    static final String VERSION = "v3";
    private static final int HEADER_LINES = 10;
    private static final String NO_EVENT = "-";

    /**
     * One publication as it travels: who sent it ({@code origin}, {@code sequence}: unique, for dropping repeats),
     * the topics the same event was published on before it, and the publication (data as {@link RawJson}, or a
     * {@link SessionUpdate} whose state is RawJson).
     *
     * @param offset its place in the topic's history, or null (no history yet)
     * @param epoch  the history's epoch, or null
     */
    public record Envelope(String origin, long sequence, List<Topic> earlierTopics, Publication publication,
                           Long offset, String epoch) {
        public Envelope {
            Objects.requireNonNull(origin, "origin");
            earlierTopics = List.copyOf(earlierTopics);
            Objects.requireNonNull(publication, "publication");
        }

        /** Unique across instances: what repeats are recognised by. */
        public String id() {
            return origin + ' ' + sequence;
        }
    }

    /** A payload that is not a publication of this format (an unknown version, a malformed header). */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }

        Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final FrameEncoder encoder;

    public PublicationCodec(FrameEncoder encoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    /**
     * The publication with its data encoded once as {@link RawJson} (a session update keeps its type; its state is
     * encoded): what is sent, and what local frames embed, so the data is written once per publication.
     */
    public Publication withEncodedData(Publication publication) {
        Object data = publication.data();
        if (data instanceof RawJson) {
            return publication;
        }
        if (data instanceof SessionUpdate update) {
            return update.state() instanceof RawJson ? publication
                    : publication.withData(update.withState(new RawJson(encoder.encode(update.state()))));
        }
        return publication.withData(new RawJson(encoder.encode(data)));
    }

    public String encode(Envelope envelope) {
        Parts parts = encodeParts(envelope);
        Long offset = envelope.offset();
        String epoch = envelope.epoch();
        if (offset == null && envelope.publication().position() != null) {
            offset = envelope.publication().position().offset();
            epoch = envelope.publication().position().epoch();
        }
        return parts.head() + (offset == null ? "" : offset) + '\n'
                + (epoch == null ? "" : word(epoch, "epoch")) + '\n' + parts.tail();
    }

    /**
     * A payload cut where its offset and epoch go: {@code head + offset + "\n" + epoch + "\n" + tail} is the
     * payload. The history script fills them in when it assigns the offset (docs/history-and-recovery.md).
     */
    public record Parts(String head, String tail) {
    }

    public Parts encodeParts(Envelope envelope) {
        Publication publication = withEncodedData(envelope.publication());
        StringBuilder out = new StringBuilder(256).append(VERSION).append('\n');
        out.append(word(envelope.origin(), "origin")).append(' ').append(envelope.sequence()).append('\n');
        List<Topic> earlier = envelope.earlierTopics();
        for (int i = 0; i < earlier.size(); i++) {
            out.append(i == 0 ? "" : ",").append(earlier.get(i).value());
        }
        out.append('\n');
        Publication.Ordering ordering = publication.ordering();
        if (ordering != null) {
            out.append(ordering.key()).append(' ').append(ordering.version());
        }
        out.append('\n').append(publication.topic().value()).append('\n');
        out.append(word(publication.eventType(), "eventType")).append('\n');
        out.append(publication.timestamp()).append('\n');
        String head = out.toString();
        out.setLength(0);
        if (publication.data() instanceof SessionUpdate update) {
            out.append("session ").append(word(update.sessionId(), "sessionId")).append(' ').append(update.version())
                    .append(' ').append(update.event() == null ? NO_EVENT : word(update.event(), "event"))
                    .append('\n').append(((RawJson) update.state()).json());
        } else {
            out.append("json\n").append(((RawJson) publication.data()).json());
        }
        return new Parts(head, out.toString());
    }

    /** @throws Malformed for another version or a malformed header; the data is not looked at */
    public Envelope decode(String payload) {
        String[] lines = payload.split("\n", HEADER_LINES + 1);
        if (!VERSION.equals(lines[0])) {
            throw new Malformed("unknown publication format " + abbreviate(lines[0]) + " (this instance reads "
                    + VERSION + "; upgrade every instance together)");
        }
        if (lines.length != HEADER_LINES + 1 || lines[HEADER_LINES].isEmpty()) {
            throw new Malformed("a " + VERSION + " publication has " + HEADER_LINES + " header lines and data");
        }
        try {
            String[] id = split(lines[1], "origin and sequence");
            List<Topic> earlier = new ArrayList<>(2);
            if (!lines[2].isEmpty()) {
                for (String topic : lines[2].split(",")) {
                    earlier.add(Topic.parse(topic));
                }
            }
            Publication.Ordering ordering = null;
            if (!lines[3].isEmpty()) {
                String[] keyAndVersion = split(lines[3], "ordering");
                ordering = new Publication.Ordering(keyAndVersion[0], Long.parseLong(keyAndVersion[1]));
            }
            Topic topic = Topic.parse(lines[4]);
            Instant timestamp = Instant.parse(lines[6]);
            Long offset = lines[7].isEmpty() ? null : Long.valueOf(lines[7]);
            String epoch = lines[8].isEmpty() ? null : lines[8];
            RawJson json = new RawJson(lines[HEADER_LINES]);
            Object data;
            if ("json".equals(lines[9])) {
                data = json;
            } else if (lines[9].startsWith("session ")) {
                String[] session = lines[9].split(" ", -1);
                if (session.length != 4) {
                    throw new Malformed("a session line is: session {id} {version} {event}");
                }
                data = new SessionUpdate(session[1], Long.parseLong(session[2]), json,
                        NO_EVENT.equals(session[3]) ? null : session[3]);
            } else {
                throw new Malformed("unknown data kind " + abbreviate(lines[9]));
            }
            if ((offset == null) != (epoch == null)) {
                throw new Malformed("offset and epoch come together");
            }
            Publication publication = new Publication(topic, lines[5], data, timestamp, ordering,
                    offset == null ? null : new StreamPosition(offset, epoch));
            return new Envelope(id[0], Long.parseLong(id[1]), earlier, publication, offset, epoch);
        } catch (Malformed e) {
            throw e;
        } catch (RuntimeException e) { // a number, an instant or a topic that does not parse
            throw new Malformed("malformed " + VERSION + " header: " + e.getMessage(), e);
        }
    }

    /** Splits "a b" at its last space (the first part, e.g. an ordering key, has none; see Publication.Ordering). */
    private static String[] split(String line, String what) {
        int space = line.lastIndexOf(' ');
        if (space <= 0 || space == line.length() - 1) {
            throw new Malformed("malformed " + what + " line");
        }
        return new String[] {line.substring(0, space), line.substring(space + 1)};
    }

    private static String word(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == ' ' || c == '\r') {
                throw new IllegalArgumentException(what + " must be one word: " + abbreviate(value));
            }
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
