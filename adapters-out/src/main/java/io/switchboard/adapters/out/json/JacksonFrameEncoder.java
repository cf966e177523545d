package io.switchboard.adapters.out.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.RawJson;

import java.io.IOException;

/**
 * {@link FrameEncoder} with Jackson: maps in iteration order, compact, UTF-16 text ready for a WebSocket text frame.
 * A {@link RawJson} value is copied as it is, not serialised again.
 */
final class JacksonFrameEncoder implements FrameEncoder {
    private final ObjectWriter writer; // immutable and thread-safe

    JacksonFrameEncoder() {
        this.writer = JsonMapper.builder().addModule(new SimpleModule().addSerializer(new RawJsonSerializer()))
                .build().writer();
    }

    @Override
    public String encode(Object tree) {
        try {
            return writer.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON-ready tree: " + e.getOriginalMessage(), e);
        }
    }

    private static final class RawJsonSerializer extends StdSerializer<RawJson> {
        private static final long serialVersionUID = 1L;

        RawJsonSerializer() {
            super(RawJson.class);
        }

        @Override
        public void serialize(RawJson value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeRawValue(value.json());
        }
    }
}
