package io.switchboard.bench;

import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.adapters.out.redis.RedisAdapters;
import io.switchboard.adapters.out.redis.RedisConnection;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Publication;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivered cross-instance throughput through Redis: two pub/sub instances in this process (each with its own Redis
 * connection, as two servers would have), A publishing as fast as a window of {@code --window} publications in
 * flight allows, round-robin over {@code --topics} topics (spread over the topic partitions, hence over every shard
 * of a cluster), B subscribed to all of them. Prints publications delivered per second to B over {@code --duration}
 * seconds after {@code --warmup}. Run it once against a one-shard and once against a three-shard cluster
 * ({@code bench/scripts/cluster-shards.sh} does both), or against {@code redis://} for the single-Redis baseline.
 *
 * <pre>java -cp bench/target/switchboard-bench.jar:bootstrap/target/switchboard.jar io.switchboard.bench.ShardThroughput --redis-url URL
 *      [--topics 64] [--window 2000] [--payload 256] [--duration 20] [--warmup 5]</pre>
 */
public final class ShardThroughput {
    private ShardThroughput() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        String url = args.str("redis-url", "redis://127.0.0.1:6379");
        int topics = args.integer("topics", 64);
        int window = args.integer("window", 2000);
        int payload = args.integer("payload", 256);
        double duration = args.dbl("duration", 20);
        double warmup = args.dbl("warmup", 5);
        String prefix = "bench:" + System.nanoTime() + ":";
        Semaphore inFlight = new Semaphore(window);
        AtomicLong delivered = new AtomicLong();
        try (RedisConnection ca = RedisAdapters.connect(url); RedisConnection cb = RedisAdapters.connect(url);
             ClusterPubSub a = RedisAdapters.pubSub(ca, prefix, JsonAdapters.frameEncoder(), Metrics.NONE,
                     window * 2);
             ClusterPubSub b = RedisAdapters.pubSub(cb, prefix, JsonAdapters.frameEncoder(), Metrics.NONE,
                     window * 2)) {
            Topic[] names = new Topic[topics];
            for (int i = 0; i < topics; i++) {
                names[i] = Topic.parse("public.bench.t" + i);
                b.subscribe(TopicPattern.parse(names[i].value()), delivery -> {
                    delivered.incrementAndGet();
                    inFlight.release();
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!b.upstreamSettled() || !a.isConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("subscriptions not in place within 30 s");
                }
                Thread.sleep(20); // a benchmark's start-up wait, not a test synchronisation
            }
            Map<String, Object> data = Map.of("label", "x".repeat(payload));
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmup * 1e9);
            long end = measureFrom + (long) (duration * 1e9);
            long deliveredAtStart = -1;
            long published = 0;
            long stalls = 0;
            while (System.nanoTime() < end) {
                if (deliveredAtStart < 0 && System.nanoTime() >= measureFrom) {
                    deliveredAtStart = delivered.get();
                }
                if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                    stalls++; // a publication was lost (pub/sub is at-most-once): give its permit back
                    inFlight.release();
                    continue;
                }
                a.publish(new Publication(names[(int) (published % topics)], "bench", data, Instant.now()));
                published++;
            }
            long got = delivered.get() - Math.max(0, deliveredAtStart);
            System.out.printf("RESULT {\"scenario\":\"shard-throughput\",\"redisUrl\":\"%s\",\"topics\":%d,"
                            + "\"window\":%d,\"payload\":%d,\"durationS\":%.0f,\"published\":%d,\"delivered\":%d,"
                            + "\"deliveredPerSecond\":%.0f,\"stalls\":%d,\"outboxDropped\":%d}%n",
                    url, topics, window, payload, duration, published, delivered.get(), got / duration, stalls,
                    a.outboxDropped());
        }
    }
}
