package io.switchboard.domain.topic;

import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.ValidationFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TopicTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "messages.channel.general", "user.7c9e6679-7425-40de-944b-e07fc1f90ae7.x",
            "A-Z_a:z.0-9", "sessions.s:1"})
    void givenAValidTopic_parse_keepsTextAndSegments(String text) {
        Topic topic = Topic.parse(text);

        assertThat(topic.value()).isEqualTo(text);
        assertThat(String.join(".", topic.segments())).isEqualTo(text);
        assertThat(topic.size()).isEqualTo(text.split("\\.").length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "a b", "a/b", "a.b#", "ä", "a.*x", "a.x*", "a.***"})
    void givenABadTopic_parse_failsWithCode2OnFieldTopic(String text) {
        ValidationFailed failure = catchThrowableOfType(ValidationFailed.class, () -> Topic.parse(text));

        assertThat(failure).isNotNull();
        assertThat(failure.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(failure.errors()).extracting(FieldError::field).containsExactly("topic");
        assertThat(Topic.isValid(text)).isFalse();
    }

    @Test
    void givenNull_parse_failsWithCode2() {
        assertThatThrownBy(() -> Topic.parse(null)).isInstanceOf(ValidationFailed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.*", "*", "**", "public.**", "a.*.b"})
    void givenAPattern_parseAsTopic_failsWithCode2SayingPublishingToAPatternIsNotAllowed(String text) {
        ValidationFailed failure = catchThrowableOfType(ValidationFailed.class, () -> Topic.parse(text));

        assertThat(failure.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(failure.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("topic");
            assertThat(e.message()).contains("pattern");
        });
    }

    @Test
    void lengthLimitsAre255CharactersAnd64PerSegment() {
        String segment64 = "s".repeat(64);
        String topic255 = (segment64 + ".").repeat(3) + "t".repeat(255 - 3 * 65);
        assertThat(topic255).hasSize(255);

        assertThat(Topic.isValid(segment64)).isTrue();
        assertThat(Topic.isValid(segment64 + "s")).isFalse();
        assertThat(Topic.isValid(topic255)).isTrue();
        assertThat(Topic.isValid(topic255 + "t")).isFalse();
    }

    @Test
    void aTopicOrPatternHasAtMost32Segments() {
        String topic32 = "a" + ".a".repeat(31);
        String pattern32 = "public" + ".*".repeat(31);

        assertThat(Topic.parse(topic32).size()).isEqualTo(32);
        assertThat(TopicPattern.parse(pattern32).size()).isEqualTo(32);
        for (Runnable tooLong : List.<Runnable>of(() -> Topic.parse(topic32 + ".a"),
                () -> TopicPattern.parse(pattern32 + ".*"), () -> TopicPattern.parse("public" + ".**".repeat(32)))) {
            ValidationFailed failure = catchThrowableOfType(ValidationFailed.class, tooLong::run);
            assertThat(failure.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(failure.errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("topic");
                assertThat(e.message()).contains("at most 32 segments");
            });
        }
    }

    @Test
    void givenACustomField_parse_reportsThatField() {
        ValidationFailed failure = catchThrowableOfType(ValidationFailed.class, () -> Topic.parse("a..b", "topics[3]"));

        assertThat(failure.errors()).extracting(FieldError::field).containsExactly("topics[3]");
    }

    @Test
    void of_joinsSegmentsAndRejectsASegmentWithADot() {
        assertThat(Topic.of("messages", "user", "u1")).isEqualTo(Topic.parse("messages.user.u1"));
        assertThat(Topic.of("solo").value()).isEqualTo("solo");
        assertThatThrownBy(() -> Topic.of("messages", "a.b")).isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> Topic.of("messages", "*")).isInstanceOf(ValidationFailed.class);
    }

    @Test
    void topicsAreEqualByText() {
        assertThat(Topic.parse("a.b")).isEqualTo(Topic.parse("a.b")).hasSameHashCodeAs(Topic.parse("a.b"));
        assertThat(Topic.parse("a.b")).isNotEqualTo(Topic.parse("a.c"));
        assertThat(Topic.parse("a.b").asPattern()).isEqualTo(TopicPattern.parse("a.b"));
    }
}
