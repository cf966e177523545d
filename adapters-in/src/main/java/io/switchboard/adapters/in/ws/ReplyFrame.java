package io.switchboard.adapters.in.ws;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.view.Views;

import java.time.Instant;

/**
 * A topic-dialect reply (`subscribed`, `auth_success`, `pong`, `error`, ...) written straight into a string, fields
 * in the order given. These frames go to one connection each and are built on every connect and subscribe, so they
 * skip the map and the Jackson serializer the REST answers use; strings are escaped by Jackson's own encoder, so the
 * bytes are the same as {@code Json.write} of the same fields in the same order.
 */
final class ReplyFrame {
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
    /** The last timestamp rendered: replies within one millisecond share the string (formatting one is costly). */
    private static volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");

    private record Stamp(long epochMilli, String iso) {
    }

    private final StringBuilder json = new StringBuilder(160);

    private ReplyFrame(String type) {
        json.append("{\"type\":");
        string(type);
    }

    static ReplyFrame of(String type) {
        return new ReplyFrame(type);
    }

    /** A string field; null is written as JSON null. */
    ReplyFrame field(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    ReplyFrame field(String name, long value) {
        name(name);
        json.append(value);
        return this;
    }

    ReplyFrame field(String name, boolean value) {
        name(name);
        json.append(value);
        return this;
    }

    /** A field whose value is any JSON-ready tree (maps, lists, strings, numbers), written by Jackson. */
    ReplyFrame tree(String name, Object value) {
        name(name);
        json.append(Json.write(value));
        return this;
    }

    /** The `id` field when the client's frame had one. */
    ReplyFrame id(String id) {
        return id == null ? this : field("id", id);
    }

    ReplyFrame timestamp(Instant now) {
        return field("timestamp", iso(now));
    }

    String end() {
        return json.append('}').toString();
    }

    private void name(String name) {
        json.append(",\"").append(name).append("\":"); // names are constants of this package: nothing to escape
    }

    private void string(String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        ESCAPE.quoteAsString(value, json);
        json.append('"');
    }

    static String iso(Instant instant) {
        long millis = instant.toEpochMilli();
        Stamp last = lastStamp;
        if (last.epochMilli() != millis) {
            last = new Stamp(millis, Views.iso(instant));
            lastStamp = last;
        }
        return last.iso();
    }
}
