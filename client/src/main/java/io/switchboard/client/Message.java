package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A delivery on a topic: {@code {type:"message", topic, eventType, data, offset?, epoch?, timestamp}}.
 * {@code offset}/{@code epoch} are set on topics the server keeps history for; presence and typing events come as
 * messages with eventType {@code presence.join}, {@code presence.leave} and {@code typing}.
 */
public record Message(String topic, String eventType, JsonNode data, Long offset, String epoch, Instant timestamp) {
    static Message of(JsonNode frame) {
        return new Message(Json.text(frame, "topic"), Json.text(frame, "eventType"), frame.get("data"),
                Json.number(frame, "offset"), Json.text(frame, "epoch"), Json.instant(frame, "timestamp"));
    }
}
