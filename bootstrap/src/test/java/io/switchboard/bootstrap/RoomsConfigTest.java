package io.switchboard.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The presence and typing variables (docs/rooms-and-presence.md): defaults, values, and bad values naming them. */
class RoomsConfigTest {
    @Test
    void defaults() {
        Config config = Config.from(Map.of());
        assertThat(config.presenceTopics()).containsExactly("messages.channel.*", "public.**");
        assertThat(config.presenceTtlMs()).isEqualTo(30_000);
        assertThat(config.presenceMaxAnnounced()).isEqualTo(1_000);
        assertThat(config.typingTtlMs()).isEqualTo(6_000);
        assertThat(config.presenceSweepIntervalMs()).isEqualTo(5_000);
    }

    @Test
    void values_are_read() {
        Config config = Config.from(Map.of("PRESENCE_TOPICS", " rooms.* , public.** ", "PRESENCE_TTL_MS", "1500",
                "PRESENCE_MAX_ANNOUNCED", "0", "TYPING_TTL_MS", "250", "PRESENCE_SWEEP_INTERVAL_MS", "300"));
        assertThat(config.presenceTopics()).containsExactly("rooms.*", "public.**");
        assertThat(config.presenceTtlMs()).isEqualTo(1_500);
        assertThat(config.presenceMaxAnnounced()).isZero();
        assertThat(config.typingTtlMs()).isEqualTo(250);
        assertThat(config.presenceSweepIntervalMs()).isEqualTo(300);
        assertThat(config.describe()).contains("presenceTopics=[rooms.*, public.**]");
    }

    @Test
    void bad_values_stop_start_up_naming_the_variable() {
        for (Map.Entry<String, String> bad : List.of(Map.entry("PRESENCE_TOPICS", "rooms.a*"),
                Map.entry("PRESENCE_TOPICS", "a..b"), Map.entry("PRESENCE_TTL_MS", "0"),
                Map.entry("PRESENCE_TTL_MS", "soon"), Map.entry("PRESENCE_MAX_ANNOUNCED", "-1"),
                Map.entry("TYPING_TTL_MS", "0"), Map.entry("PRESENCE_SWEEP_INTERVAL_MS", "10"))) {
            assertThatThrownBy(() -> Config.from(Map.of(bad.getKey(), bad.getValue())))
                    .as(bad.toString())
                    .isInstanceOf(Config.InvalidConfig.class).hasMessageStartingWith(bad.getKey() + ":");
        }
    }
}
