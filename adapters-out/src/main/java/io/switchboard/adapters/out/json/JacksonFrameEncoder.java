package io.switchboard.adapters.out.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.realtime.RawJson;

import java.io.IOException;

/**
 * {@link FrameEncoder} with Jackson: maps in iteration order, compact, UTF-16 text ready for a WebSocket text frame.
 * A {@link RawJson} anywhere in the tree is written verbatim (never parsed).
 */
final class JacksonFrameEncoder implements FrameEncoder {
    private final ObjectWriter writer; // immutable and thread-safe

    JacksonFrameEncoder() {
        SimpleModule raw = new SimpleModule("switchboard-raw-json");
        raw.addSerializer(RawJson.class, new StdSerializer<>(RawJson.class) {
            @Override
            public void serialize(RawJson value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeRawValue(value.json());
            }
        });
        this.writer = JsonMapper.builder().addModule(raw).build().writer();
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
