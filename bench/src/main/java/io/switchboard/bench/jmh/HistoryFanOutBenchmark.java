package io.switchboard.bench.jmh;

import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.memory.InMemoryPubSubAdapters;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.adapters.out.redis.RedisAdapters;
import io.switchboard.adapters.out.redis.RedisConnection;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cost of history on the fan-out (docs/history-and-recovery.md): one publication on a topic with
 * {@code subscribers} local subscribers (each takes the shared UTF-8 frame, as a WebSocket connection does), until
 * every subscriber has it. {@code mode}:
 * <ul>
 *   <li>{@code memory-off} / {@code memory-on}: the in-memory hub without and with history (ring buffer append under
 *       the topic's lock, offset and epoch in the frame);</li>
 *   <li>{@code redis-off} / {@code redis-on}: two Redis pub/sub instances on a private redis-server (started on a
 *       free port), publishing on the first, the subscribers on the second (the cross-instance fan-out): off, one
 *       PUBLISH; on, the store-and-publish script (HINCRBY, XADD, index XADD, PUBLISH) and, on the receiver, the
 *       sequencer thread before the hub.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HistoryFanOutBenchmark {
    @Param({"memory-off", "memory-on", "redis-off", "redis-on"})
    public String mode;

    @Param({"1", "100", "1000"})
    public int subscribers;

    private static final Topic TOPIC = Topic.parse("public.bench");
    private final AtomicLong delivered = new AtomicLong();
    private PubSub pubSub;
    /** Redis modes: the second instance, where the subscribers are (cross-instance fan-out). */
    private PubSub subscribeOn;
    private AutoCloseable closer;
    private Process redis;
    private RedisConnection connection;
    private RawJson data;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = new RawJson("{\"content\":\"" + "x".repeat(200) + "\"}");
        HistorySettings on = new HistorySettings(HistorySettings.parse("public.**"), 100, Duration.ofMinutes(10),
                1000, 10_000);
        HistorySettings off = new HistorySettings(HistorySettings.parse("none.**"), 100, Duration.ofMinutes(10),
                1000, 10_000);
        Clock clock = Instant::now;
        switch (mode) {
            case "memory-off" -> pubSub = InMemoryPubSubAdapters.pubSub(JsonAdapters.frameEncoder(), Metrics.NONE);
            case "memory-on" -> pubSub = InMemoryPubSubAdapters.pubSub(JsonAdapters.frameEncoder(), Metrics.NONE, on,
                    clock);
            case "redis-off", "redis-on" -> {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--save", "",
                        "--appendonly", "no").redirectOutput(new File("/dev/null")).start();
                String url = "redis://127.0.0.1:" + port;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (true) {
                    try {
                        connection = RedisAdapters.connect(url);
                        break;
                    } catch (RuntimeException notYet) {
                        if (System.nanoTime() > deadline) {
                            throw notYet;
                        }
                        Thread.sleep(50); // waiting for our own redis-server to listen
                    }
                }
                HistorySettings settings = mode.equals("redis-on") ? on : off;
                ClusterPubSub publisher = RedisAdapters.pubSubWithHistory(connection, "bench:",
                        JsonAdapters.frameEncoder(), Metrics.NONE, 10_000, 0, 0, settings, clock).pubSub();
                ClusterPubSub receiver = RedisAdapters.pubSubWithHistory(connection, "bench:",
                        JsonAdapters.frameEncoder(), Metrics.NONE, 10_000, 0, 0, settings, clock).pubSub();
                pubSub = publisher;
                subscribeOn = receiver;
                closer = () -> {
                    publisher.close();
                    receiver.close();
                };
            }
            default -> throw new IllegalArgumentException(mode);
        }
        PubSub target = subscribeOn == null ? pubSub : subscribeOn;
        for (int i = 0; i < subscribers; i++) {
            target.subscribe(TopicPattern.parse(TOPIC.value()), delivery -> {
                delivery.topicFrameUtf8();
                delivered.incrementAndGet();
            });
        }
        if (subscribeOn instanceof ClusterPubSub remote) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!remote.upstreamSettled() && System.nanoTime() < deadline) {
                Thread.sleep(20); // setup only: the receiving instance's SUBSCRIBE must be in place
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (closer != null) {
            closer.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One publication, until every local subscriber has it. */
    @Benchmark
    public long publishAndFanOut() {
        long target = delivered.get() + subscribers;
        pubSub.publish(new Publication(TOPIC, "bench", data, Instant.now()));
        while (delivered.get() < target) {
            Thread.onSpinWait();
        }
        return target;
    }
}
