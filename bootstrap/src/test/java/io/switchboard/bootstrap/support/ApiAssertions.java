package io.switchboard.bootstrap.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's envelopes (docs/api.md), asserted in one place. */
public final class ApiAssertions {
    /** ISO-8601 UTC with exactly three fraction digits: {@code 2026-01-02T03:04:05.678Z}. */
    public static final Pattern ISO_MILLIS = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
    public static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private ApiAssertions() {
    }

    /** A success envelope with the given status; returns {@code data}. */
    public static JsonNode assertSuccess(Http.Response response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type of %s", response).startsWith("application/json");
        JsonNode json = response.json();
        assertThat(json.path("success").isBoolean() && json.path("success").booleanValue())
                .as("success flag of %s", response).isTrue();
        assertThat(json.has("data")).as("data of %s", response).isTrue();
        assertThat(json.path("timestamp").asText()).as("timestamp of %s", response).matches(ISO_MILLIS);
        return json.path("data");
    }

    /** An error envelope with the given status, numeric code and reason; returns {@code error}. */
    public static JsonNode assertError(Http.Response response, int status, int code, String reason) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type of %s", response).startsWith("application/json");
        JsonNode json = response.json();
        assertThat(json.path("success").isBoolean() && !json.path("success").booleanValue())
                .as("success flag of %s", response).isTrue();
        assertThat(json.path("timestamp").asText()).as("timestamp of %s", response).matches(ISO_MILLIS);
        JsonNode error = json.path("error");
        assertThat(error.path("code").isInt()).as("numeric code in %s", response).isTrue();
        assertThat(error.path("code").intValue()).as("code of %s", response).isEqualTo(code);
        if (reason != null) {
            assertThat(error.path("reason").asText()).as("reason of %s", response).isEqualTo(reason);
        } else {
            assertThat(error.path("reason").asText()).as("reason of %s", response).matches("^[A-Z][A-Z0-9_]*$");
        }
        assertThat(error.path("message").isTextual()).as("message of %s", response).isTrue();
        return error;
    }

    /** A 400 code 2 VALIDATION_ERROR whose details.errors name exactly these fields (in any order). */
    public static void assertValidationError(Http.Response response, String... fields) {
        JsonNode error = assertError(response, 400, 2, "VALIDATION_ERROR");
        assertThat(fieldsOf(error)).as("fields named in %s", response).containsExactlyInAnyOrder(fields);
    }

    /** The field names listed in an error's details.errors, each of which must also carry a message. */
    public static List<String> fieldsOf(JsonNode error) {
        JsonNode errors = error.path("details").path("errors");
        assertThat(errors.isArray()).as("details.errors in %s", error).isTrue();
        List<String> fields = new ArrayList<>();
        for (JsonNode e : errors) {
            assertThat(e.path("message").asText()).as("message of %s", e).isNotBlank();
            fields.add(e.path("field").asText());
        }
        return fields;
    }
}
