package io.switchboard.adapters.out.json;

import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.realtime.RawJson;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JacksonFrameEncoderTest {
    private final FrameEncoder encoder = JsonAdapters.frameEncoder();

    @Test
    void encodesATreeCompactlyKeepingMapOrder() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("z", 1);
        tree.put("a", List.of("x", 2.5, false));
        tree.put("nested", Map.of("k", "v"));
        tree.put("nothing", null);
        tree.put("big", 9_007_199_254_740_993L);

        assertThat(encoder.encode(tree))
                .isEqualTo("{\"z\":1,\"a\":[\"x\",2.5,false],\"nested\":{\"k\":\"v\"},\"nothing\":null,\"big\":9007199254740993}");
    }

    @Test
    void aRawJsonValueIsCopiedAsItIs_notEncodedAgain() {
        RawJson data = new RawJson("{\"b\":[1,2],\"a\":\"é\"}");
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("topic", "public.x");
        frame.put("data", data);
        frame.put("after", true);

        assertThat(encoder.encode(frame)).isEqualTo("{\"topic\":\"public.x\",\"data\":{\"b\":[1,2],\"a\":\"é\"},\"after\":true}");
        assertThat(encoder.encode(new RawJson("42"))).isEqualTo("42");
    }

    @Test
    void escapesWhatJsonRequires() {
        assertThat(encoder.encode(Arrays.asList("quote\" backslash\\ newline\n tab\t", "é☃", "\u0001")))
                .isEqualTo("[\"quote\\\" backslash\\\\ newline\\n tab\\t\",\"é☃\",\"\\u0001\"]");
    }

    @Test
    void givenSomethingThatIsNotJsonReady_encode_failsAsABug() {
        Object notJson = new Object();

        assertThatThrownBy(() -> encoder.encode(Map.of("x", notJson))).isInstanceOf(IllegalArgumentException.class);
    }
}
