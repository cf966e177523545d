package io.switchboard.domain.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "general", "Team_42-x", "-", "_", "0"})
    void lettersDigitsUnderscoreAndDash_areValid(String value) {
        assertThat(ChannelId.isValid(value)).isTrue();
        assertThat(new ChannelId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a.b", "a*", "a/b", "ä", "a:b", "a\n", "#general"})
    void anythingElse_isInvalid(String value) {
        assertThat(ChannelId.isValid(value)).isFalse();
        assertThatThrownBy(() -> new ChannelId(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void length_1to100() {
        assertThat(ChannelId.isValid("c".repeat(100))).isTrue();
        assertThat(ChannelId.isValid("c".repeat(101))).isFalse();
        assertThat(ChannelId.isValid(null)).isFalse();
    }
}
