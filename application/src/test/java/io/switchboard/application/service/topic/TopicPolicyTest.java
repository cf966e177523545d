package io.switchboard.application.service.topic;

import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TopicPolicyTest {
    private static final String SELF = "11111111-1111-1111-1111-111111111111";
    private static final String OTHER = "22222222-2222-2222-2222-222222222222";

    private static final Caller USER = new Caller(new UserId(UUID.fromString(SELF)), Set.of(Role.USER));
    private static final Caller ADMIN = new Caller(new UserId(UUID.fromString(SELF)), Set.of(Role.USER, Role.ADMIN));

    private final TopicPolicy policy = new TopicPolicy();

    /** {self} and {other} stand for the caller's and another user's id. */
    @ParameterizedTest(name = "subscribe {0}: user {1}, admin {2}")
    @CsvSource({
            // yourself
            "messages.user.{self}, true, true",
            "users.{self}, true, true",
            "user.{self}, true, true",
            "user.{self}.settings, true, true",
            "user.{self}.a.b.c, true, true",
            "user.{self}.*, true, true",
            "user.{self}.**, true, true",
            "user.{self}.*.x.**, true, true",
            // someone else
            "messages.user.{other}, false, true",
            "users.{other}, false, true",
            "user.{other}.settings, false, true",
            "user.{other}.**, false, true",
            // patterns that reach beyond yourself
            "messages.user.*, false, true",
            "messages.user.**, false, true",
            "users.*, false, true",
            "user.*.settings, false, true",
            "user.**, false, true",
            "*.{self}, false, true",
            // any authenticated user
            "messages.channel.general, true, true",
            "messages.channel.*, true, true",
            "messages.channel.**, false, true",
            "messages.channel.general.x, false, true",
            "messages.*.general, false, true",
            "messages.**, false, true",
            "sessions.s1, true, true",
            "sessions.*, true, true",
            "sessions.**, false, true",
            "sessions.s1.x, false, true",
            "public, true, true",
            "public.news, true, true",
            "public.a.*.b.**, true, true",
            "public.**, true, true",
            // nobody but admins
            "**, false, true",
            "*, false, true",
            "*.**, false, true",
            "secret, false, true",
            "**.public, false, true",
    })
    void subscribeTable(String pattern, boolean user, boolean admin) {
        TopicPattern parsed = TopicPattern.parse(pattern.replace("{self}", SELF).replace("{other}", OTHER));

        assertThat(policy.canSubscribe(USER, parsed)).as("user").isEqualTo(user);
        assertThat(policy.canSubscribe(ADMIN, parsed)).as("admin").isEqualTo(admin);
    }

    @ParameterizedTest(name = "publish {0}: user {1}, admin {2}")
    @CsvSource({
            "messages.channel.general, true, true",
            "messages.user.{other}, true, true",
            "messages.user.{self}, true, true",
            "public, true, true",
            "public.news.today, true, true",
            "messages.channel.general.x, false, true",
            "messages.channel, false, true",
            "messages.other.x, false, true",
            "messages, false, true",
            "user.{self}.settings, false, true",
            "anything.else, false, true",
            "sessions, false, false",
            "sessions.s1, false, false",
            "sessions.s1.x, false, false",
            "users, false, false",
            "users.{self}, false, false",
            "users.{other}.x, false, false",
            // near misses of the excluded prefixes stay allowed to admins
            "session.s1, false, true",
            "user.{self}, false, true",
            "x.sessions.s1, false, true",
            "usersx.a, false, true",
    })
    void publishTable(String topic, boolean user, boolean admin) {
        Topic parsed = Topic.parse(topic.replace("{self}", SELF).replace("{other}", OTHER));

        assertThat(policy.canPublish(USER, parsed)).as("user").isEqualTo(user);
        assertThat(policy.canPublish(ADMIN, parsed)).as("admin").isEqualTo(admin);
    }

    /**
     * The policy judges a pattern by "one allowed pattern covers it". The contract says "every topic it can match is
     * allowed". Random patterns built from the policy's own words check that the two agree. The oracle replaces each
     * wildcard by a segment no rule names (a `**` by 0..4 of them): if a rule allows such a topic it allows every topic
     * of that shape, so these topics decide the question.
     */
    @Test
    void coverageByOneAllowedPatternAgreesWithEveryMatchedTopicBeingAllowed() {
        List<String> words = List.of("messages", "user", "users", "channel", "sessions", "public", SELF, OTHER, "x",
                "*", "**");
        Random random = new Random(5);
        int allowed = 0;
        for (int round = 0; round < 20_000; round++) {
            List<String> segments = new ArrayList<>();
            for (int i = 0, size = 1 + random.nextInt(4); i < size; i++) {
                segments.add(words.get(random.nextInt(words.size())));
            }
            TopicPattern pattern = TopicPattern.parse(String.join(".", segments));
            boolean everyTopicAllowed = freshSubstitutions(segments).stream()
                    .allMatch(topic -> policy.canSubscribe(USER, topic.asPattern()));

            assertThat(policy.canSubscribe(USER, pattern)).as("subscribe %s", pattern).isEqualTo(everyTopicAllowed);
            allowed += everyTopicAllowed ? 1 : 0;
        }
        assertThat(allowed).isGreaterThan(100);
    }

    private static List<Topic> freshSubstitutions(List<String> segments) {
        List<List<String>> partial = List.of(List.of());
        for (String segment : segments) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : partial) {
                int[] runs = segment.equals("**") ? new int[] {0, 1, 2, 3, 4} : new int[] {1};
                for (int run : runs) {
                    List<String> longer = new ArrayList<>(prefix);
                    for (int k = 0; k < run; k++) {
                        longer.add(segment.contains("*") ? "fresh" : segment);
                    }
                    next.add(longer);
                }
            }
            partial = next;
        }
        return partial.stream().filter(s -> !s.isEmpty()).map(s -> Topic.parse(String.join(".", s))).toList();
    }

    @Test
    void givenARefusedSubscription_checkSubscribe_throwsForbiddenWithCode5() {
        Forbidden failure = catchThrowableOfType(Forbidden.class,
                () -> policy.checkSubscribe(USER, TopicPattern.parse("messages.user.*")));

        assertThat(failure.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(failure.reason()).isEqualTo("SUBSCRIBE_FORBIDDEN");
        assertThatCode(() -> policy.checkSubscribe(USER, TopicPattern.parse("messages.user." + SELF)))
                .doesNotThrowAnyException();
    }

    @Test
    void givenARefusedPublish_checkPublish_throwsForbiddenWithCode5() {
        Forbidden failure = catchThrowableOfType(Forbidden.class,
                () -> policy.checkPublish(ADMIN, Topic.parse("users." + OTHER)));

        assertThat(failure.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(failure.reason()).isEqualTo("PUBLISH_FORBIDDEN");
        assertThatCode(() -> policy.checkPublish(USER, Topic.parse("public.x"))).doesNotThrowAnyException();
    }
}
