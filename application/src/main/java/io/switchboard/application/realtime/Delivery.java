package io.switchboard.application.realtime;

import io.switchboard.domain.topic.Topic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A publication on its way to subscribers. One Delivery is made per publication and handed to every matching
 * subscriber, so each frame is encoded at most once per publication and the same String instance goes to everyone:
 * {@link #topicFrame()} for the topic dialect, {@link #frame(FrameFormat)} for another dialect (e.g. the session
 * dialect's STATE_UPDATE). Encoding is lazy (a dialect nobody uses costs nothing) and thread-safe (subscribers may
 * ask from any thread; the first one encodes, the others get its result).
 */
public final class Delivery {
    private final Publication publication;
    /** Turns a JSON-ready tree into text: the FrameEncoder out-port, seen as a function so this package needs no port. */
    private final Function<Object, String> encoder;
    private volatile String topicFrame;
    private volatile ByteBuffer topicFrameUtf8;
    private Map<FrameFormat, String> otherFrames; // guarded by this
    private Map<FrameFormat, ByteBuffer> otherFramesUtf8; // guarded by this

    public Delivery(Publication publication, Function<Object, String> encoder) {
        this.publication = Objects.requireNonNull(publication, "publication");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    public Publication publication() {
        return publication;
    }

    public Topic topic() {
        return publication.topic();
    }

    public String eventType() {
        return publication.eventType();
    }

    /** The data as published (a JSON-ready tree, a {@link RawJson} or a {@link SessionUpdate}); shared, never modify it. */
    public Object data() {
        return publication.data();
    }

    public Instant timestamp() {
        return publication.timestamp();
    }

    /** The topic dialect's frame (see {@link FrameFormat#TOPIC}), encoded once per publication. */
    public String topicFrame() {
        String frame = topicFrame;
        if (frame == null) {
            synchronized (this) {
                frame = topicFrame;
                if (frame == null) {
                    frame = encoder.apply(FrameFormat.TOPIC.render(publication));
                    topicFrame = frame;
                }
            }
        }
        return frame;
    }

    /**
     * The topic frame as UTF-8 bytes, encoded once per publication: a read-only buffer shared by every subscriber,
     * so each sends a {@link ByteBuffer#slice() slice} of it (its own position, the same bytes).
     */
    public ByteBuffer topicFrameUtf8() {
        ByteBuffer bytes = topicFrameUtf8;
        if (bytes == null) {
            synchronized (this) {
                bytes = topicFrameUtf8;
                if (bytes == null) {
                    bytes = utf8(topicFrame());
                    topicFrameUtf8 = bytes;
                }
            }
        }
        return bytes;
    }

    /** The frame of {@code format} as shared read-only UTF-8 bytes, encoded once per publication and format. */
    public ByteBuffer frameUtf8(FrameFormat format) {
        if (format == FrameFormat.TOPIC) {
            return topicFrameUtf8();
        }
        String text = frame(format);
        synchronized (this) {
            if (otherFramesUtf8 == null) {
                otherFramesUtf8 = new IdentityHashMap<>(2);
            }
            return otherFramesUtf8.computeIfAbsent(format, f -> utf8(text));
        }
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    /** The frame of {@code format}, encoded once per publication and format. */
    public String frame(FrameFormat format) {
        if (format == FrameFormat.TOPIC) {
            return topicFrame();
        }
        synchronized (this) {
            if (otherFrames == null) {
                otherFrames = new IdentityHashMap<>(2);
            }
            String frame = otherFrames.get(format);
            if (frame == null) {
                frame = encoder.apply(format.render(publication));
                otherFrames.put(format, frame);
            }
            return frame;
        }
    }

    @Override
    public String toString() {
        return "Delivery[" + publication.topic() + " " + publication.eventType() + "]";
    }
}
