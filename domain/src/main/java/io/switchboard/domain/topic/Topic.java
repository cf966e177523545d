package io.switchboard.domain.topic;

import io.switchboard.domain.failure.ValidationFailed;

import java.util.List;

/**
 * A concrete topic, the target of a publication: `messages.channel.general`. It never holds a wildcard; see
 * {@link TopicPattern} for what a subscription may name. Immutable; equal when the text is equal.
 */
public final class Topic {
    /** The field name used in validation failures unless the caller names another one. */
    public static final String FIELD = "topic";

    private final String value;
    private final String[] segments;

    private Topic(String value, String[] segments) {
        this.value = value;
        this.segments = segments;
    }

    /**
     * Parses a topic to publish to.
     *
     * @throws ValidationFailed (code 2) on field "topic" when the text breaks the grammar of docs/websocket.md,
     *                          has more than 32 segments, or is a pattern (has a `*` or `**` segment): publishing to
     *                          a pattern is an error
     */
    public static Topic parse(String text) {
        return parse(text, FIELD);
    }

    /** As {@link #parse(String)}, reporting a failure on {@code field} (e.g. `topics[2]`). */
    public static Topic parse(String text, String field) {
        return new Topic(text, TopicSyntax.split(text, field, false));
    }

    /** Whether {@link #parse(String)} would accept the text. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (ValidationFailed e) {
            return false;
        }
    }

    /**
     * Builds a topic from its segments, e.g. {@code Topic.of("messages", "user", id.toString())}.
     *
     * @throws ValidationFailed when a segment is invalid (a segment holding a '.' counts as invalid)
     */
    public static Topic of(String first, String... more) {
        Topic topic = parse(more.length == 0 ? first : first + "." + String.join(".", more));
        if (topic.size() != 1 + more.length) {
            throw ValidationFailed.of(FIELD, "a topic segment must not contain '.'");
        }
        return topic;
    }

    public String value() {
        return value;
    }

    public int size() {
        return segments.length;
    }

    public String segment(int index) {
        return segments[index];
    }

    public List<String> segments() {
        return List.of(segments);
    }

    /** Shared with the package's matchers, which must not modify it. */
    String[] segmentArray() {
        return segments;
    }

    /** The pattern that matches exactly this topic. */
    public TopicPattern asPattern() {
        return TopicPattern.exact(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topic other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
