package io.switchboard.bench.jmh;

import io.switchboard.adapters.out.memory.InMemoryAdapters;
import io.switchboard.adapters.out.redis.RedisAdapters;
import io.switchboard.adapters.out.redis.RedisConnection;
import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.domain.topic.Topic;
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
import java.net.Socket;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Joining a topic where {@code present} users already are: one {@link PresenceStore#add} of a new user's connection
 * (what a `subscribe` to a presence topic costs beyond the subscription) followed by its {@link PresenceStore#remove}
 * (the leave), and the `presence` query of the 100 newest. {@code store=redis} starts a private redis-server on a free
 * port (it must be on PATH); its figures include the round trip over loopback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PresenceJoinBenchmark {
    @Param({"memory", "redis"})
    public String store;

    @Param({"0", "5000"})
    public int present;

    private PresenceStore presence;
    private RedisConnection redis;
    private Process redisServer;
    private final Topic topic = Topic.parse("public.bench-room");
    private final Instant now = Instant.parse("2026-12-02T17:00:00Z");
    private final Instant expires = now.plusSeconds(3600);
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (store.equals("redis")) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            redisServer = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--save", "",
                    "--appendonly", "no").redirectOutput(new File("/dev/null")).redirectErrorStream(true).start();
            awaitPort(port);
            redis = RedisAdapters.connect("redis://127.0.0.1:" + port);
            presence = RedisAdapters.presenceStore(redis, "bench:" + UUID.randomUUID() + ":");
        } else {
            presence = InMemoryAdapters.presenceStore();
        }
        for (int i = 0; i < present; i++) {
            presence.add(topic, "i/" + i, "user-" + i, "User " + i, now.plusMillis(i), expires);
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (Exception e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (redis != null) {
            redis.close();
        }
        if (redisServer != null) {
            redisServer.destroy();
        }
    }

    @Benchmark
    public boolean joinAndLeave() {
        long n = next++;
        String connection = "j/" + n;
        boolean joined = presence.add(topic, connection, "joiner-" + n, "Joiner", now, expires).changed();
        return presence.remove(topic, connection).changed() && joined;
    }

    @Benchmark
    public long query100() {
        return presence.list(topic, 100).total();
    }
}
