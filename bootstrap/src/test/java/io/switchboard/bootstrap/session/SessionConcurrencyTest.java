package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.ifMatch;
import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static io.switchboard.bootstrap.session.SessionApi.version;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients switching one session at the same moment over real HTTP: every change is atomic and counted once.
 * SWITCH_RATE_LIMIT=0 so that the limiter refuses nothing.
 */
class SessionConcurrencyTest {
    private static final int THREADS = 8;
    private static final int SWITCHES_PER_THREAD = 25;
    private static final long CLOCK_MS = 600_000;
    private static final long INCREMENT_MS = 1_000;
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCH_RATE_LIMIT", "0", "HTTP_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("session-race");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void concurrentSwitches_eachGetADistinctVersion_contiguous_andNoneIsLost() throws Exception {
        Map<String, Object> body = perParticipant(CLOCK_MS, "p0", "p1", "p2");
        body.put("incrementMs", INCREMENT_MS);
        String id = id(sessions.created(owner, body));
        sessions.ok(owner, id, "start"); // version 2
        List<Long> versions = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());

        try (WsClient watcher = sessions.watch(owner, id)) {
            watcher.awaitType("STATE_SYNC");
            runTogether(() -> {
                for (int i = 0; i < SWITCHES_PER_THREAD; i++) {
                    Http.Response response = sessions.op(owner, id, "switch");
                    if (response.status() == 200) {
                        versions.add(version(response.data()));
                    } else {
                        failures.add(response.toString());
                    }
                }
            });

            int successes = versions.size();
            assertThat(failures).as("switches without If-Match never fail").isEmpty();
            assertThat(successes).isEqualTo(THREADS * SWITCHES_PER_THREAD);
            assertThat(versions).as("every 200 has its own version").doesNotHaveDuplicates();
            List<Long> sorted = new ArrayList<>(versions);
            Collections.sort(sorted);
            assertThat(sorted.get(0)).isEqualTo(3);
            assertThat(sorted.get(sorted.size() - 1) - sorted.get(0) + 1).as("contiguous").isEqualTo(successes);

            JsonNode last = sessions.state(owner, id);
            assertThat(version(last)).as("create + start + every switch").isEqualTo(1 + 1 + successes);
            // Nothing lost: each switch started one turn and added one increment to some clock.
            long turns = 0;
            long clockTotal = 0;
            for (JsonNode p : last.path("participants")) {
                turns += p.path("cycleCount").asLong();
                clockTotal += p.path("remainingMs").asLong() + p.path("usedMs").asLong();
            }
            assertThat(turns).as("turns started").isEqualTo(1 + successes);
            assertThat(clockTotal).as("clocks plus increments").isEqualTo(3 * CLOCK_MS + successes * INCREMENT_MS);
            assertThat(last.path("activeParticipantId").asText()).isEqualTo("p" + (successes % 3));

            // The watcher never went backwards and ended on the last version.
            long finalVersion = version(last);
            Await.until("the watcher sees version " + finalVersion, Duration.ofSeconds(10),
                    () -> lastVersionSeen(watcher) == finalVersion);
            long previous = 0;
            for (JsonNode frame : watcher.received()) {
                if (frame.has("state")) {
                    long v = version(frame.path("state"));
                    assertThat(v).as("versions a watcher receives only go up").isGreaterThan(previous);
                    previous = v;
                }
            }
        }
    }

    @Test
    void concurrentSwitchesWithTheSameIfMatch_exactlyOneWins_theOthersConflict() throws Exception {
        String id = id(sessions.created(owner, perParticipant(CLOCK_MS, "p0", "p1")));
        sessions.ok(owner, id, "start"); // version 2
        List<Http.Response> responses = Collections.synchronizedList(new ArrayList<>());

        runTogether(() -> responses.add(sessions.op(owner, id, "switch", ifMatch(2))));

        List<Http.Response> won = responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(version(won.get(0).data())).isEqualTo(3);
        for (Http.Response lost : responses) {
            if (lost.status() != 200) {
                JsonNode error = assertError(lost, 409, 6, "VERSION_CONFLICT");
                assertThat(error.path("details").path("expectedVersion").asLong()).isEqualTo(2);
                assertThat(error.path("details").path("actualVersion").asLong()).isEqualTo(3);
            }
        }
        assertThat(version(sessions.state(owner, id))).isEqualTo(3);
    }

    @Test
    void everyReconnect_isAnsweredWithAStateSync_evenWhileTheSessionChanges() throws Exception {
        String id = id(sessions.created(owner, perParticipant(CLOCK_MS, "p0", "p1")));
        sessions.ok(owner, id, "start");
        int reconnects = 40;
        try (WsClient watcher = sessions.watch(owner, id)) {
            watcher.awaitType("STATE_SYNC");
            java.util.concurrent.atomic.AtomicBoolean asking = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread asker = new Thread(() -> {
                for (int i = 0; i < reconnects; i++) {
                    watcher.send(Map.of("type", "RECONNECT"));
                }
                asking.set(false);
            });
            asker.start();
            runTogether(() -> {
                while (asking.get()) {
                    assertThat(sessions.op(owner, id, "switch").status()).isEqualTo(200);
                }
            });
            asker.join(10_000);

            Await.until(reconnects + " STATE_SYNC replies", Duration.ofSeconds(10),
                    () -> watcher.received().stream().filter(f -> "STATE_SYNC".equals(f.path("type").asText()))
                            .count() == 1 + reconnects);
            long previous = 0;
            for (JsonNode frame : watcher.received()) {
                long v = version(frame.path("state"));
                assertThat(v).as("never older than what was sent before").isGreaterThanOrEqualTo(previous);
                previous = Math.max(previous, v);
            }
        }
    }

    /** Runs the task on {@link #THREADS} threads released at the same moment; rethrows the first failure. */
    private static void runTogether(Runnable task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    task.run();
                    return null;
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads ready").isTrue();
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long lastVersionSeen(WsClient watcher) {
        List<JsonNode> frames = watcher.received();
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).has("state")) {
                return version(frames.get(i).path("state"));
            }
        }
        return 0;
    }
}
