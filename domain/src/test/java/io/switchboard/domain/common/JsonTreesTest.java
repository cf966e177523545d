package io.switchboard.domain.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTreesTest {
    static long utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void theSizeIsThatOfTheCompactJsonText() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", "Zoë ☃ 😀");
        tree.put("n", 12.5);
        tree.put("big", 12345678901L);
        tree.put("ok", true);
        tree.put("none", null);
        tree.put("list", Arrays.asList(1, "two", null, List.of(), Map.of()));
        tree.put("esc", "a\"b\\c\nd\u0001");

        String json = "{\"name\":\"Zoë ☃ 😀\",\"n\":12.5,\"big\":12345678901,\"ok\":true,\"none\":null,"
                + "\"list\":[1,\"two\",null,[],{}],\"esc\":\"a\\\"b\\\\c\\nd\\u0001\"}";
        assertThat(JsonTrees.serializedSize(tree, 1_000_000)).isEqualTo(utf8(json));
    }

    @Test
    void anEmptyObjectIsTwoBytes() {
        assertThat(JsonTrees.serializedSize(Map.of(), 10)).isEqualTo(2);
    }

    @Test
    void countingStopsPastTheLimit() {
        List<String> huge = java.util.Collections.nCopies(1_000_000, "0123456789");

        assertThat(JsonTrees.serializedSize(Map.of("k", huge), 100)).isGreaterThan(100).isLessThan(1_000);
    }

    @Test
    void somethingThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> JsonTrees.serializedSize(Map.of("k", new StringBuilder()), 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonTrees.immutableObject(Map.of("k", Map.of(1, "x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFrozenTreeIsPassedOnAsItIs() {
        Map<String, Object> frozen = JsonTrees.immutableObject(Map.of("a", List.of(1)));

        assertThat(JsonTrees.immutableObject(frozen)).isSameAs(frozen);
    }
}
