package io.switchboard.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** The client's one ObjectMapper and small helpers. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.canConvertToLong() ? null : value.asLong();
    }

    /** An ISO-8601 string or epoch milliseconds. */
    static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static SwitchboardException error(JsonNode frame) {
        JsonNode codeNode = frame.path("code");
        int code = codeNode.isNumber() ? codeNode.asInt() : 0;
        String reason = frame.hasNonNull("reason") ? frame.get("reason").asText()
                : codeNode.isTextual() ? codeNode.asText() : "ERROR";
        return new SwitchboardException(code, reason, frame.path("message").asText(""), 0);
    }
}
