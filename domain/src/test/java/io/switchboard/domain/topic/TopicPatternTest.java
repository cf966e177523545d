package io.switchboard.domain.topic;

import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.ValidationFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TopicPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            // `*` is exactly one segment
            "a.*, a, false",
            "a.*, a.b, true",
            "a.*, a.b.c, false",
            "a.*, b.c, false",
            // `**` is zero or more segments
            "a.**, a, true",
            "a.**, a.b, true",
            "a.**, a.b.c, true",
            "a.**, b, false",
            "a.**, b.a, false",
            // `*` in the middle and at both ends
            "*.b.*, a.b.c, true",
            "*.b.*, x.b.y, true",
            "*.b.*, a.b, false",
            "*.b.*, b.c, false",
            "*.b.*, a.b.c.d, false",
            "*.b.*, a.c.c, false",
            // `**` alone
            "**, a, true",
            "**, a.b.c.d.e, true",
            // `**` in the middle
            "a.**.c, a.c, true",
            "a.**.c, a.b.c, true",
            "a.**.c, a.b.b.c, true",
            "a.**.c, a.c.c, true",
            "a.**.c, a.b, false",
            "a.**.c, a.c.d, false",
            "a.**.c, b.c, false",
            // mixed, with backtracking
            "**.c, c, true",
            "**.c, a.b.c, true",
            "**.c, a.c.b, false",
            "**.*, a, true",
            "*.**, a, true",
            "**.a.*.*, a.a.x.y, true",
            "**.a.*.*, x.a.a.a, true",
            "**.a.*.*, x.a.y, false",
            "a.**.b.**.c, a.b.c, true",
            "a.**.b.**.c, a.x.b.y.z.c, true",
            "a.**.b.**.c, a.x.c.b, false",
            "**.**, a.b, true",
            // exact
            "a.b, a.b, true",
            "a.b, a.b.c, false",
            "a.b, a, false",
    })
    void wildcardTable(String pattern, String topic, boolean expected) {
        assertThat(TopicPattern.parse(pattern).matches(Topic.parse(topic))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "messages.channel.*, messages.channel.general, true",
            "messages.channel.*, messages.channel.*, true",
            "messages.channel.*, messages.**, false",
            "messages.channel.*, messages.channel.**, false",
            "messages.channel.*, messages.channel.*.x, false",
            "messages.channel.*, messages.*.general, false",
            "public.**, public.a.*.b.**, true",
            "public.**, public, true",
            "public.**, public.**, true",
            "public.**, **, false",
            "public.**, *.a, false",
            "**, a, true",
            "**, *, true",
            "**, **, true",
            "**, a.**.*.b, true",
            "user.u1.**, user.*.x, false",
            "user.u1.**, user.u1.x.*, true",
            "user.u1.**, user.u1, true",
            "user.*.**, user.u1.**, true",
            "*, **, false",
            "*, *, true",
            "*, a, true",
            "*, a.b, false",
            "a.*, a.**, false",
            "a.**, a.*, true",
            "a.**, a.*.**, true",
            "a.*.**, a.**, false",
            "a.*.**, a.**.*, true",
            "a.**.*, a.*.**, true",
            "*.**, **.*, true",
            "**.*, *.**, true",
            "**.*, **, true", // a topic has at least one segment, so `**` is one-or-more too
            "**.a.**, a, true",
            "**.a.**, x.a.y.*.**, true",
            "**.a.**, x.*.y, false",
            "a.**.c, a.**.b.**.c, true",
            "a.**.b.**.c, a.**.c, false",
            "a.**.c, a.c.**.c, true",
            "a.**.c, a.c.**, false",
            "**.a.*.*, **.a.a.*.*, true",
            "**.a.*.*, **.a.*.a.*, false",
            "*.**, **, true",
            "**, *.**, true",
            "**.**, *, true",
            "**.a.*, *.a.**, false",
            "a.b, a.b, true",
            "a.b, a.*, false",
            "a.b, a.c, false",
    })
    void coversTable(String outer, String inner, boolean expected) {
        assertThat(TopicPattern.parse(outer).covers(TopicPattern.parse(inner))).isEqualTo(expected);
    }

    /** Every pattern of up to 3 segments over {a, b, *, **}, against brute force over every topic up to 9 segments. */
    @Test
    void coversAgreesWithBruteForceForEveryPairOfShortPatterns() {
        List<TopicPattern> patterns = allPatterns(List.of("a", "b", "*", "**"), 3);
        // The universe adds a segment 'c' that no pattern names. After n+1 segments of one `**` run, the set of
        // positions an n-segment outer pattern can be in no longer changes (a longer path must loop on a `**`, and
        // a path that loops twice can drop one loop), so a shortest counterexample expands each `**` of the inner
        // pattern to at most n+1 segments: at most 1 + 2 x 4 = 9 segments here (inner `**.a.**`, outer of 3).
        List<Topic> universe = allTopics(List.of("a", "b", "c"), 9);
        List<BitSet> matched = new ArrayList<>();
        for (TopicPattern pattern : patterns) {
            BitSet bits = new BitSet(universe.size());
            for (int t = 0; t < universe.size(); t++) {
                bits.set(t, pattern.matches(universe.get(t)));
            }
            matched.add(bits);
        }
        int covered = 0;
        for (int o = 0; o < patterns.size(); o++) {
            for (int i = 0; i < patterns.size(); i++) {
                BitSet notCovered = (BitSet) matched.get(i).clone();
                notCovered.andNot(matched.get(o));
                boolean expected = notCovered.isEmpty();
                assertThat(patterns.get(o).covers(patterns.get(i)))
                        .as("%s covers %s", patterns.get(o), patterns.get(i))
                        .isEqualTo(expected);
                covered += expected ? 1 : 0;
            }
        }
        // Guard against a vacuous run: both answers occur plenty.
        assertThat(covered).isBetween(500, patterns.size() * patterns.size() - 500);
    }

    /**
     * Longer random patterns, checked against the generative definition: `inner` is covered iff `outer` matches every
     * topic `inner` produces when each wildcard is replaced by segments `outer` never names (a `**` by 0..outer+1 of
     * them). Such a substitution is the most general one: if `outer` matches it, `outer` matches every topic with
     * the same shape, since a segment that is not one of its literals can only have been matched by a wildcard.
     */
    @Test
    void coversAgreesWithTheGenerativeDefinitionForRandomLongerPatterns() {
        Random random = new Random(20261122L);
        int covered = 0;
        for (int round = 0; round < 4000; round++) {
            TopicPattern outer = randomPattern(random, 1 + random.nextInt(6));
            TopicPattern inner = random.nextInt(4) == 0 ? derivedFrom(outer, random) : randomPattern(random, 1 + random.nextInt(6));
            boolean expected = generativelyCovered(outer, inner);
            assertThat(outer.covers(inner)).as("%s covers %s", outer, inner).isEqualTo(expected);
            covered += expected ? 1 : 0;
        }
        assertThat(covered).isBetween(200, 3800);
    }

    @Test
    void everyPatternCoversItselfAndEveryTopicItMatches() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            TopicPattern pattern = randomPattern(random, 1 + random.nextInt(6));
            assertThat(pattern.covers(pattern)).isTrue();
            assertThat(TopicPattern.ALL.covers(pattern)).isTrue();
            for (Topic topic : substitutions(pattern, 2, "z")) {
                assertThat(pattern.matches(topic)).as("%s matches %s", pattern, topic).isTrue();
                assertThat(pattern.covers(topic.asPattern())).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a..*", "a.***", "a.*b", "a.b*", "*.", "a b"})
    void givenABadPattern_parse_failsWithCode2OnFieldTopic(String text) {
        ValidationFailed failure = catchThrowableOfType(ValidationFailed.class, () -> TopicPattern.parse(text));

        assertThat(failure).isNotNull();
        assertThat(failure.errors()).extracting(FieldError::field).containsExactly("topic");
    }

    @Test
    void exactPatternsConvertToTopicsAndWildcardOnesDoNot() {
        assertThat(TopicPattern.parse("a.b").isExact()).isTrue();
        assertThat(TopicPattern.parse("a.b").toTopic()).isEqualTo(Topic.parse("a.b"));
        assertThat(TopicPattern.parse("a.*").isExact()).isFalse();
        assertThat(TopicPattern.parse("a.**").isExact()).isFalse();
        assertThatThrownBy(() -> TopicPattern.parse("a.*").toTopic()).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "a.**.**.b, a.**.b",
            "**.**, **",
            "public.**.**.**.**.**, public.**",
            "**.**.a.*.**.**.*.**, **.a.*.**.*.**",
            "a.*.*.b, a.*.*.b",
    })
    void aRunOfDoubleWildcardsIsParsedAsOne(String written, String normal) {
        TopicPattern pattern = TopicPattern.parse(written);

        assertThat(pattern.value()).isEqualTo(normal);
        assertThat(pattern).isEqualTo(TopicPattern.parse(normal)).hasSameHashCodeAs(TopicPattern.parse(normal));
        assertThat(pattern.segments()).isEqualTo(List.of(normal.split("\\.")));
    }

    // ---- generators and oracles ----

    private static boolean generativelyCovered(TopicPattern outer, TopicPattern inner) {
        for (Topic topic : substitutions(inner, outer.size() + 1, "z")) {
            if (!outer.matches(topic)) {
                return false;
            }
        }
        return true;
    }

    /** Every topic made from {@code pattern} with `*` -> fresh, `**` -> 0..maxRun fresh segments. */
    private static List<Topic> substitutions(TopicPattern pattern, int maxRun, String fresh) {
        List<List<String>> partial = new ArrayList<>();
        partial.add(List.of());
        String previous = null;
        for (String segment : pattern.segments()) {
            if (segment.equals("**") && "**".equals(previous)) {
                continue; // `**.**` means what `**` means; expanding both would only repeat topics
            }
            previous = segment;
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : partial) {
                if (segment.equals("**")) {
                    for (int run = 0; run <= maxRun; run++) {
                        List<String> longer = new ArrayList<>(prefix);
                        for (int k = 0; k < run; k++) {
                            longer.add(fresh);
                        }
                        next.add(longer);
                    }
                } else {
                    List<String> longer = new ArrayList<>(prefix);
                    longer.add(segment.equals("*") ? fresh : segment);
                    next.add(longer);
                }
            }
            partial = next;
        }
        List<Topic> topics = new ArrayList<>();
        for (List<String> segments : partial) {
            if (!segments.isEmpty() && segments.size() <= 128) {
                topics.add(Topic.parse(String.join(".", segments)));
            }
        }
        return topics;
    }

    private static TopicPattern randomPattern(Random random, int size) {
        String[] tokens = {"a", "b", "*", "**"};
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            segments.add(tokens[random.nextInt(tokens.length)]);
        }
        return TopicPattern.parse(String.join(".", segments));
    }

    /** A pattern likely to be covered: `outer` with some wildcards narrowed (`**` -> `*`/literal/nothing, `*` -> literal). */
    private static TopicPattern derivedFrom(TopicPattern outer, Random random) {
        List<String> segments = new ArrayList<>();
        for (String segment : outer.segments()) {
            int roll = random.nextInt(4);
            if (segment.equals("**")) {
                if (roll == 0) {
                    segments.add("*");
                } else if (roll == 1) {
                    segments.add("a");
                    segments.add("**");
                } else if (roll == 2) {
                    continue;
                } else {
                    segments.add("**");
                }
            } else if (segment.equals("*") && roll == 0) {
                segments.add("b");
            } else {
                segments.add(segment);
            }
        }
        return segments.isEmpty() ? TopicPattern.parse("a") : TopicPattern.parse(String.join(".", segments));
    }

    private static List<TopicPattern> allPatterns(List<String> tokens, int maxSize) {
        List<TopicPattern> patterns = new ArrayList<>();
        for (List<String> segments : sequences(tokens, maxSize)) {
            patterns.add(TopicPattern.parse(String.join(".", segments)));
        }
        return patterns;
    }

    private static List<Topic> allTopics(List<String> alphabet, int maxSize) {
        List<Topic> topics = new ArrayList<>();
        for (List<String> segments : sequences(alphabet, maxSize)) {
            topics.add(Topic.parse(String.join(".", segments)));
        }
        return topics;
    }

    /** Every non-empty sequence of up to {@code maxSize} tokens. */
    private static List<List<String>> sequences(List<String> tokens, int maxSize) {
        List<List<String>> all = new ArrayList<>();
        List<List<String>> ofSize = List.of(List.of());
        for (int size = 1; size <= maxSize; size++) {
            List<List<String>> longer = new ArrayList<>();
            for (List<String> prefix : ofSize) {
                for (String token : tokens) {
                    List<String> sequence = new ArrayList<>(prefix);
                    sequence.add(token);
                    longer.add(sequence);
                }
            }
            all.addAll(longer);
            ofSize = longer;
        }
        return all;
    }
}
