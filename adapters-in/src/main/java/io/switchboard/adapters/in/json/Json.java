package io.switchboard.adapters.in.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.switchboard.application.realtime.RawJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.domain.failure.InvalidInput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON configuration of the inbound adapters. Input is read as a tree and picked apart field by
 * field ({@link JsonObject}), so a wrong type becomes a validation error naming the field, never a silent
 * coercion; duplicate keys and trailing garbage are malformed input.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("raw-json").addSerializer(RawJson.class, new StdSerializer<>(RawJson.class) {
                private static final long serialVersionUID = 1L;

                @Override
                public void serialize(RawJson value, JsonGenerator generator, SerializerProvider provider)
                        throws IOException {
                    generator.writeRawValue(value.json()); // already valid JSON (e.g. history's stored data)
                }
            }))
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a JSON document; anything unparsable (or empty) is code 1 MALFORMED_JSON. */
    public static JsonNode parse(InputStream in) throws IOException {
        try (JsonParser parser = MAPPER.createParser(in)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw malformed("the body is empty");
            }
            if (parser.nextToken() != null) {
                throw malformed("unexpected content after the JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed("the body is not valid JSON");
        }
    }

    public static JsonNode parse(String text) {
        try {
            return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw malformed("the body is not valid JSON");
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a response", e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a response", e);
        }
    }

    private static InvalidInput malformed(String message) {
        return new InvalidInput("MALFORMED_JSON", message);
    }
}
