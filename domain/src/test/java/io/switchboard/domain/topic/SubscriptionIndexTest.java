package io.switchboard.domain.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionIndexTest {

    private final SubscriptionIndex<String> index = new SubscriptionIndex<>();

    @Test
    void givenOverlappingSubscriptions_match_returnsTheSubscriberOnce() {
        for (String pattern : List.of("a.b", "a.*", "a.**", "**", "*.b", "**.b", "a.**.b", "*.*")) {
            index.add(p(pattern), "s1");
        }
        index.add(p("a.*"), "s2");

        Set<String> matched = index.match(t("a.b"));

        assertThat(matched).containsExactlyInAnyOrder("s1", "s2");
        assertThat(index.size()).isEqualTo(9);
    }

    @Test
    void givenExactAndWildcardSubscriptions_match_findsOnlyTheMatchingOnes() {
        index.add(p("messages.channel.general"), "exact");
        index.add(p("messages.channel.*"), "channels");
        index.add(p("messages.**"), "allMessages");
        index.add(p("users.u1"), "user");
        index.add(p("**.general"), "anyGeneral");

        assertThat(index.match(t("messages.channel.general")))
                .containsExactlyInAnyOrder("exact", "channels", "allMessages", "anyGeneral");
        assertThat(index.match(t("messages.channel.random"))).containsExactlyInAnyOrder("channels", "allMessages");
        assertThat(index.match(t("messages"))).containsExactly("allMessages");
        assertThat(index.match(t("users.u1"))).containsExactly("user");
        assertThat(index.match(t("users.u2"))).isEmpty();
    }

    @Test
    void theTrieAgreesWithPatternMatchingOnRandomSubscriptions() {
        Random random = new Random(42);
        List<String> tokens = List.of("a", "b", "c", "*", "**");
        Map<String, Set<TopicPattern>> subscriptions = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String subscriber = "s" + random.nextInt(40);
            TopicPattern pattern = p(randomText(random, tokens, 1 + random.nextInt(4)));
            index.add(pattern, subscriber);
            subscriptions.computeIfAbsent(subscriber, s -> new HashSet<>()).add(pattern);
        }
        int nonEmpty = 0;
        for (int i = 0; i < 2000; i++) {
            Topic topic = t(randomText(random, List.of("a", "b", "c", "d"), 1 + random.nextInt(5)));
            Set<String> expected = new HashSet<>();
            subscriptions.forEach((subscriber, patterns) -> {
                if (patterns.stream().anyMatch(pattern -> pattern.matches(topic))) {
                    expected.add(subscriber);
                }
            });
            assertThat(index.match(topic)).as("match %s", topic).isEqualTo(expected);
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).isGreaterThan(500);
    }

    @Test
    void givenADuplicateAdd_add_returnsFalseAndCountsOnce() {
        assertThat(index.add(p("a.*"), "s1")).isTrue();
        assertThat(index.add(p("a.*"), "s1")).isFalse();

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.subscriberCount(p("a.*"))).isEqualTo(1);
        index.remove(p("a.*"), "s1");
        assertThat(index.isEmpty()).isTrue();
    }

    @Test
    void givenASubscription_remove_prunesEverythingItCreated() {
        index.add(p("a.b.*.d.**"), "s1");
        index.add(p("a.b.c"), "s1");
        assertThat(index.nodeCount()).isEqualTo(5);

        assertThat(index.remove(p("a.b.*.d.**"), "s1")).isTrue();
        assertThat(index.remove(p("a.b.c"), "s1")).isTrue();

        assertThatIndexIsEmpty();
        assertThat(index.match(t("a.b.c.d"))).isEmpty();
    }

    @Test
    void givenSharedPrefixes_remove_prunesOnlyTheUnusedBranch() {
        index.add(p("a.*.c"), "s1");
        index.add(p("a.*.d"), "s2");

        index.remove(p("a.*.c"), "s1");

        assertThat(index.nodeCount()).isEqualTo(3); // a, *, d
        assertThat(index.match(t("a.x.d"))).containsExactly("s2");
        assertThat(index.match(t("a.x.c"))).isEmpty();
    }

    @Test
    void givenAnAbsentSubscription_remove_returnsFalseAndChangesNothing() {
        index.add(p("a.*"), "s1");

        assertThat(index.remove(p("a.*"), "s2")).isFalse();
        assertThat(index.remove(p("a.**"), "s1")).isFalse();
        assertThat(index.remove(p("a.b"), "s1")).isFalse();

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.match(t("a.b"))).containsExactly("s1");
    }

    @Test
    void givenASubscriberWithSeveralPatterns_removeAll_dropsOnlyItsSubscriptions() {
        index.add(p("a.*"), "leaving");
        index.add(p("a.b"), "leaving");
        index.add(p("**"), "leaving");
        index.add(p("a.*"), "staying");

        Set<TopicPattern> removed = index.removeAll("leaving");

        assertThat(removed).containsExactlyInAnyOrder(p("a.*"), p("a.b"), p("**"));
        assertThat(index.match(t("a.b"))).containsExactly("staying");
        assertThat(index.patternsOf("leaving")).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.subscriberCount()).isEqualTo(1);
        assertThat(index.removeAll("leaving")).isEmpty();

        index.removeAll("staying");
        assertThatIndexIsEmpty();
    }

    @Test
    void thousandAddRemoveCyclesLeaveZeroEntries() {
        Random random = new Random(1000);
        List<String> tokens = List.of("a", "b", "*", "**");
        for (int cycle = 0; cycle < 1000; cycle++) {
            List<TopicPattern> added = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                TopicPattern pattern = p(randomText(random, tokens, 1 + random.nextInt(5)));
                index.add(pattern, "s" + random.nextInt(3));
                added.add(pattern);
            }
            if (cycle % 2 == 0) {
                for (String subscriber : List.of("s0", "s1", "s2")) {
                    for (TopicPattern pattern : added) {
                        index.remove(pattern, subscriber);
                    }
                }
            } else {
                index.removeAll("s0");
                index.removeAll("s1");
                index.removeAll("s2");
            }
            assertThatIndexIsEmpty();
        }
    }

    @Test
    void theListenerHearsTheFirstAndLastSubscriberOfEachPatternInOrder() {
        List<String> heard = new ArrayList<>();
        SubscriptionIndex<String> counted = new SubscriptionIndex<>(new SubscriptionIndex.Listener() {
            @Override
            public void firstSubscriber(TopicPattern pattern) {
                heard.add("+" + pattern);
            }

            @Override
            public void lastSubscriberGone(TopicPattern pattern) {
                heard.add("-" + pattern);
            }
        });

        counted.add(p("a.*"), "s1");
        counted.add(p("a.*"), "s2");
        counted.add(p("a.b"), "s2");
        assertThat(counted.hasSubscribers(p("a.*"))).isTrue();
        assertThat(counted.subscriberCount(p("a.*"))).isEqualTo(2);
        counted.remove(p("a.*"), "s1");
        assertThat(counted.hasSubscribers(p("a.*"))).isTrue();
        counted.removeAll("s2");

        assertThat(heard).containsExactly("+a.*", "+a.b", "-a.*", "-a.b");
        assertThat(counted.hasSubscribers(p("a.*"))).isFalse();
        assertThat(counted.hasSubscribers(p("a.b"))).isFalse();
        assertThat(counted.patternCount()).isZero();
    }

    @Test
    void subscriberCountIsPerPatternNotPerCoveringPattern() {
        index.add(p("a.**"), "s1");

        assertThat(index.subscriberCount(p("a.**"))).isEqualTo(1);
        assertThat(index.subscriberCount(p("a.*"))).isZero();
        assertThat(index.subscriberCount(p("a.b"))).isZero();
        assertThat(index.subscriberCount(p("a"))).isZero();
    }

    /**
     * Writers churn subscriptions while readers route. A stable subscriber that is subscribed throughout must be in
     * every lookup of its topics (pruning never unlinks a branch it needs), nothing may throw, and once the writers
     * have undone their work the index holds exactly the stable subscriptions, then nothing.
     */
    @Test
    void concurrentAddRemoveAndLookupKeepTheIndexConsistent() throws Exception {
        List<TopicPattern> stable = List.of(p("x.**"), p("x.*.y"), p("x.a.y"));
        stable.forEach(pattern -> index.add(pattern, "stable"));
        List<TopicPattern> pool = new ArrayList<>();
        for (String text : List.of("x.a.y", "x.*.y", "x.**", "x.a.*", "x.a", "**", "*.a.y", "x.*.*", "**.y", "x.a.y.z",
                "y.*", "y.**.z", "z")) {
            pool.add(p(text));
        }
        List<Topic> xTopics = List.of(t("x.a.y"), t("x.b.y"), t("x.a"), t("x"));
        List<Topic> otherTopics = List.of(t("y.a.z"), t("z"), t("a.b"));

        int writers = 2;
        int readers = 2;
        ExecutorService pool2 = Executors.newFixedThreadPool(writers + readers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch writersDone = new CountDownLatch(writers);
        AtomicLong lookups = new AtomicLong();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int seed = w;
                futures.add(pool2.submit(() -> {
                    Random random = new Random(seed);
                    try {
                        start.await();
                        for (int i = 0; i < 20_000; i++) {
                            String subscriber = "w" + seed + "-" + random.nextInt(20);
                            TopicPattern pattern = pool.get(random.nextInt(pool.size()));
                            switch (random.nextInt(5)) {
                                case 0, 1 -> index.add(pattern, subscriber);
                                case 2, 3 -> index.remove(pattern, subscriber);
                                default -> index.removeAll(subscriber);
                            }
                        }
                        for (int s = 0; s < 20; s++) {
                            index.removeAll("w" + seed + "-" + s);
                        }
                    } finally {
                        writersDone.countDown();
                    }
                    return null;
                }));
            }
            for (int r = 0; r < readers; r++) {
                futures.add(pool2.submit(() -> {
                    start.await();
                    int i = 0;
                    // Bounded: at most 2M lookups, and stop once the writers are done (after a last full round).
                    while (i < 2_000_000 && (writing.get() || i % 100 != 0)) {
                        Topic xTopic = xTopics.get(i % xTopics.size());
                        assertThat(index.match(xTopic)).contains("stable");
                        index.match(otherTopics.get(i % otherTopics.size()));
                        i++;
                    }
                    lookups.addAndGet(i);
                    return null;
                }));
            }
            start.countDown();
            assertThat(writersDone.await(60, TimeUnit.SECONDS)).as("writers finished in time").isTrue();
            writing.set(false);
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS); // rethrows a reader's or writer's failure
            }
        } finally {
            pool2.shutdownNow();
            assertThat(pool2.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(lookups.get()).isPositive();
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.subscriberCount()).isEqualTo(1);
        assertThat(index.match(t("x.a.y"))).containsExactly("stable");
        assertThat(index.match(t("y.a.z"))).isEmpty();
        assertThat(index.nodeCount()).isEqualTo(4); // x, x.**, x.*, x.*.y
        index.removeAll("stable");
        assertThatIndexIsEmpty();
    }

    @Test
    void givenManyDoubleWildcards_match_visitsEachNodeAtMostOncePerTopicPosition() {
        // `**` and `*` alternate, so nothing collapses: the trie holds 13 wildcard nodes in one chain. Trying every
        // split of the topic among the six `**` would visit millions of nodes; a match may visit each node at most
        // once per position in the topic.
        String pattern = "public" + ".**.*".repeat(6);
        Topic topic = t("public" + ".a".repeat(31));
        index.add(p(pattern), "pathological");
        index.add(p("public.**"), "plain");

        int visits = index.visitsToMatch(topic);

        assertThat(index.match(topic)).containsExactlyInAnyOrder("pathological", "plain");
        assertThat(visits).isLessThanOrEqualTo((index.nodeCount() + 1) * (topic.size() + 1));
    }

    @Test
    void aPatternWrittenWithARunOfDoubleWildcardsIsTheSameSubscriptionAsItsNormalForm() {
        List<TopicPattern> heard = new ArrayList<>();
        SubscriptionIndex<String> listened = new SubscriptionIndex<>(new SubscriptionIndex.Listener() {
            @Override
            public void firstSubscriber(TopicPattern pattern) {
                heard.add(pattern);
            }

            @Override
            public void lastSubscriberGone(TopicPattern pattern) {
                heard.add(pattern);
            }
        });

        assertThat(listened.add(p("public.**.**.**"), "s1")).isTrue();
        assertThat(listened.add(p("public.**"), "s1")).isFalse();
        assertThat(listened.patternsOf("s1")).extracting(TopicPattern::value).containsExactly("public.**");
        assertThat(listened.remove(p("public.**.**"), "s1")).isTrue();

        assertThat(heard).extracting(TopicPattern::value).containsExactly("public.**", "public.**");
        assertThat(listened.size()).isZero();
        assertThat(listened.nodeCount()).isZero();
    }

    @Test
    void givenNestedDoubleWildcards_match_findsExactlyWhatPatternMatchingFinds() {
        List<String> patterns = List.of("**.a.**.b.**", "a.**.*.**", "**.*.**.*.**", "a.**.a.**.a", "**.b");
        for (String pattern : patterns) {
            index.add(p(pattern), pattern);
        }
        for (String text : List.of("a", "b", "a.b", "b.a", "a.a.a", "a.b.a.b", "a.x.b.y.a", "x.x.x.b", "a.a")) {
            Topic topic = t(text);
            Set<String> expected = new HashSet<>();
            for (String pattern : patterns) {
                if (p(pattern).matches(topic)) {
                    expected.add(pattern);
                }
            }
            assertThat(index.match(topic)).as(text).isEqualTo(expected);
        }
    }

    private void assertThatIndexIsEmpty() {
        assertThat(index.size()).isZero();
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.patternCount()).isZero();
        assertThat(index.subscriberCount()).isZero();
        assertThat(index.nodeCount()).isZero();
        assertThat(index.exactEntryCount()).isZero();
    }

    private static String randomText(Random random, List<String> tokens, int size) {
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            segments.add(tokens.get(random.nextInt(tokens.size())));
        }
        return String.join(".", segments);
    }

    private static TopicPattern p(String text) {
        return TopicPattern.parse(text);
    }

    private static Topic t(String text) {
        return Topic.parse(text);
    }
}
