package io.switchboard.bench.jmh;

import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Topic routing: {@link SubscriptionIndex#match} with 100,000 subscriptions (one per subscriber), looking up topics
 * that exist. Mixes:
 * <ul>
 *   <li>exact: 100k exact topics {@code room.<i>.chat}; a lookup matches 1 subscriber;</li>
 *   <li>wildcard: 50k {@code room.<i>.*} and 50k {@code user.<i>.**}; a lookup of {@code room.<k>.chat} or
 *       {@code user.<k>.a.b} matches 1;</li>
 *   <li>mixed: 90k exact, 9,990 {@code room.<i>.*}, 9 {@code room.*.chat} and 1 {@code **} (an admin): a lookup
 *       matches about 11;</li>
 *   <li>hot: the mixed table plus 1,000 subscribers on one topic, which is looked up (the fanout scenario's
 *       topic): matches 1,010, so this measures the result-set copy per publication.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubscriptionIndexBenchmark {
    private static final int SUBSCRIPTIONS = 100_000;
    private static final int LOOKUPS = 4096;

    @Param({"exact", "wildcard", "mixed", "hot"})
    public String mix;

    private SubscriptionIndex<Integer> index;
    private Topic[] lookups;
    private int next;

    @Setup
    public void setUp() {
        index = new SubscriptionIndex<>();
        Random random = new Random(42);
        lookups = new Topic[LOOKUPS];
        switch (mix) {
            case "exact" -> {
                for (int i = 0; i < SUBSCRIPTIONS; i++) {
                    index.add(TopicPattern.parse("room." + i + ".chat"), i);
                }
                for (int k = 0; k < LOOKUPS; k++) {
                    lookups[k] = Topic.parse("room." + random.nextInt(SUBSCRIPTIONS) + ".chat");
                }
            }
            case "wildcard" -> {
                int half = SUBSCRIPTIONS / 2;
                for (int i = 0; i < half; i++) {
                    index.add(TopicPattern.parse("room." + i + ".*"), i);
                    index.add(TopicPattern.parse("user." + i + ".**"), half + i);
                }
                for (int k = 0; k < LOOKUPS; k++) {
                    lookups[k] = k % 2 == 0 ? Topic.parse("room." + random.nextInt(half) + ".chat")
                            : Topic.parse("user." + random.nextInt(half) + ".a.b");
                }
            }
            case "mixed", "hot" -> {
                int exact = SUBSCRIPTIONS * 9 / 10;
                for (int i = 0; i < exact; i++) {
                    index.add(TopicPattern.parse("room." + i + ".chat"), i);
                }
                int wildcards = SUBSCRIPTIONS - exact - 10;
                for (int i = 0; i < wildcards; i++) {
                    index.add(TopicPattern.parse("room." + i + ".*"), exact + i);
                }
                for (int i = 0; i < 9; i++) {
                    index.add(TopicPattern.parse("room.*.chat"), exact + wildcards + i);
                }
                index.add(TopicPattern.ALL, SUBSCRIPTIONS - 1);
                if (mix.equals("hot")) {
                    for (int i = 0; i < 1000; i++) {
                        index.add(TopicPattern.parse("room.0.chat"), SUBSCRIPTIONS + i);
                    }
                    for (int k = 0; k < LOOKUPS; k++) {
                        lookups[k] = Topic.parse("room.0.chat");
                    }
                } else {
                    for (int k = 0; k < LOOKUPS; k++) {
                        lookups[k] = Topic.parse("room." + random.nextInt(exact) + ".chat");
                    }
                }
            }
            default -> throw new IllegalArgumentException(mix);
        }
    }

    @Benchmark
    public Set<Integer> match() {
        Topic topic = lookups[next++ & (LOOKUPS - 1)];
        return index.match(topic);
    }
}
