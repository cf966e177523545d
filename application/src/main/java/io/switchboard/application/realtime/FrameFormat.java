package io.switchboard.application.realtime;

import io.switchboard.application.view.Views;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one WebSocket dialect renders a {@link Publication} as a JSON-ready tree. {@link Delivery#frame} encodes each
 * format at most once per publication, keyed by the format's identity: define a format once, as a constant.
 */
@FunctionalInterface
public interface FrameFormat {
    /**
     * The topic dialect (docs/websocket.md):
     * {@code {"type":"message","topic":"<concrete topic>","eventType":"message.sent","data":{...},"timestamp":"<ISO>"}},
     * with {@code offset} and {@code epoch} after {@code data} when the topic keeps history.
     */
    FrameFormat TOPIC = FrameFormat::topicMessage;

    Object render(Publication publication);

    private static Object topicMessage(Publication publication) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message");
        frame.put("topic", publication.topic().value());
        frame.put("eventType", publication.eventType());
        frame.put("data", publication.dataTree());
        if (publication.position() != null) {
            frame.put("offset", publication.position().offset());
            frame.put("epoch", publication.position().epoch());
        }
        frame.put("timestamp", Views.iso(publication.timestamp()));
        return frame;
    }
}
