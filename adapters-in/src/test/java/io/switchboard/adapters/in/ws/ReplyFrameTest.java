package io.switchboard.adapters.in.ws;

import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.view.Views;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies written by hand are byte for byte what Jackson writes for the same fields in the same order. */
class ReplyFrameTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void aReplyIsWhatJacksonWritesForTheSameFields() {
        String topic = "odd \"topic\" \\ with\ttabs, \u0001 control, é and \u2028 and emoji \uD83D\uDE00 </script>";
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "subscribed");
        expected.put("topic", topic);
        expected.put("id", "id-\n1");
        expected.put("timestamp", Views.iso(NOW));

        String written = ReplyFrame.of("subscribed").field("topic", topic).id("id-\n1").timestamp(NOW).end();

        assertThat(written).isEqualTo(Json.write(expected));
    }

    @Test
    void numbersNullsAndTreesAreWrittenAsJacksonWritesThem() {
        Map<String, Object> details = Map.of("fields", List.of(Map.of("field", "topic", "message", "is \"bad\"")));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "error");
        expected.put("code", 2L);
        expected.put("reason", "VALIDATION_FAILED");
        expected.put("message", null);
        expected.put("timestamp", Views.iso(NOW));
        expected.put("details", details);

        String written = ReplyFrame.of("error").field("code", 2).field("reason", "VALIDATION_FAILED")
                .field("message", (String) null).id(null).timestamp(NOW).tree("details", details).end();

        assertThat(written).isEqualTo(Json.write(expected));
    }

    @Test
    void theTimestampFollowsTheClockToTheMillisecond() {
        Instant later = NOW.plusMillis(1);

        assertThat(ReplyFrame.iso(NOW)).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(ReplyFrame.iso(later)).isEqualTo("2026-01-02T03:04:05.679Z");
        assertThat(ReplyFrame.iso(NOW)).isEqualTo("2026-01-02T03:04:05.678Z");
    }
}
