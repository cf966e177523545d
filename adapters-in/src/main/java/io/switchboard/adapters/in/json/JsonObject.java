package io.switchboard.adapters.in.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.failure.Violations;

import java.util.Map;

/**
 * Typed access to the fields of a JSON object. A field of the wrong type is recorded as a validation error
 * naming it; call {@link #check()} once all fields are read. Absent and {@code null} fields read as null;
 * unknown fields are ignored (docs/api.md, "Conventions").
 */
public final class JsonObject {
    private final ObjectNode node;
    private final String prefix;
    private final Violations violations;

    private JsonObject(ObjectNode node, String prefix, Violations violations) {
        this.node = node;
        this.prefix = prefix;
        this.violations = violations;
    }

    /** The body must be a JSON object, else code 2 on field "body". */
    public static JsonObject of(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw ValidationFailed.of("body", "must be a JSON object");
        }
        return new JsonObject(object, "", new Violations());
    }

    /** A nested object sharing this one's error list, its fields named {@code prefix.field}. */
    public JsonObject nested(ObjectNode child, String path) {
        return new JsonObject(child, path + ".", violations);
    }

    public ObjectNode node() {
        return node;
    }

    public Violations violations() {
        return violations;
    }

    public String fieldName(String field) {
        return prefix + field;
    }

    public String string(String field) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            violations.add(fieldName(field), "must be a string");
            return null;
        }
        return value.textValue();
    }

    public Long integer(String field) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            violations.add(fieldName(field), "must be an integer");
            return null;
        }
        return value.longValue();
    }

    public Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isBoolean()) {
            violations.add(fieldName(field), "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    public JsonNode array(String field) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isArray()) {
            violations.add(fieldName(field), "must be an array");
            return null;
        }
        return value;
    }

    public ObjectNode object(String field) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            violations.add(fieldName(field), "must be a JSON object");
            return null;
        }
        return object;
    }

    /** A JSON object as plain maps, lists and scalars, for fields the server stores without interpreting. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(ObjectNode object) {
        return Json.mapper().convertValue(object, Map.class);
    }

    /** Throws the collected type errors, if any. */
    public void check() {
        violations.throwIfAny();
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }
}
