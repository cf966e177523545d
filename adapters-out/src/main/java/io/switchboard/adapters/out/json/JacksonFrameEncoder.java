package io.switchboard.adapters.out.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.application.port.out.FrameEncoder;

/** {@link FrameEncoder} with Jackson: maps in iteration order, compact, UTF-16 text ready for a WebSocket text frame. */
final class JacksonFrameEncoder implements FrameEncoder {
    private final ObjectWriter writer; // immutable and thread-safe

    JacksonFrameEncoder() {
        this.writer = JsonMapper.builder().build().writer();
    }

    @Override
    public String encode(Object tree) {
        try {
            return writer.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON-ready tree: " + e.getOriginalMessage(), e);
        }
    }
}
