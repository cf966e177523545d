package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * S running sessions, each watched by W session-dialect WebSockets; R switches per second over HTTP, round-robin
 * over the sessions (so one session gets a switch every S/R seconds and its switches never overlap, which makes the
 * version each switch produces known in advance). Measured: the switch response time, and per watcher the time from
 * the switch's intended send time to the STATE_UPDATE carrying that version; loss and duplicates by version.
 */
final class SessionsScenario {
    private static final int RING = 64;
    private static final byte[] VERSION = Frames.ascii("\"version\":");
    private static final byte[] STATE_UPDATE = Frames.ascii("{\"type\":\"STATE_UPDATE\"");
    private static final byte[] STATE_SYNC = Frames.ascii("{\"type\":\"STATE_SYNC\"");
    private static final byte[] ERROR = Frames.ascii("{\"type\":\"ERROR\"");

    private SessionsScenario() {
    }

    static final class Watcher implements java.util.function.Consumer<ByteBuffer> {
        private final int session;
        private final Shared shared;
        final SeqTracker tracker = new SeqTracker();
        long errors;

        Watcher(int session, Shared shared) {
            this.session = session;
            this.shared = shared;
        }

        @Override
        public synchronized void accept(ByteBuffer frame) {
            long now = System.nanoTime();
            if (Frames.startsWith(frame, STATE_UPDATE)) {
                long version = Frames.number(frame, Frames.indexOf(frame, VERSION) + VERSION.length);
                long base = shared.base.get(session);
                if (base == 0 || version <= base) {
                    return; // warm-up
                }
                if (tracker.record(version - base - 1)) {
                    shared.updates.incrementAndGet();
                    shared.updateLatency.record(now - shared.intended.get(session * RING + (int) (version % RING)));
                }
            } else if (Frames.startsWith(frame, STATE_SYNC)) {
                shared.synced.countDown();
            } else if (Frames.startsWith(frame, ERROR)) {
                if (errors++ == 0) {
                    System.err.println("watcher got " + Frames.text(frame));
                }
            }
        }
    }

    static final class Shared {
        final AtomicLongArray intended;
        /** Per session: the version before the measured window (0 while warming up). */
        final AtomicLongArray base;
        final Latency updateLatency;
        final CountDownLatch synced;
        final AtomicLong updates = new AtomicLong();

        Shared(int sessions, int watchers, long watcherInterval) {
            intended = new AtomicLongArray(sessions * RING);
            base = new AtomicLongArray(sessions);
            updateLatency = new Latency(watcherInterval);
            synced = new CountDownLatch(sessions * watchers);
        }
    }

    static Report run(Bench b) throws Exception {
        int sessions = b.args.integer("sessions", 100);
        int watchers = b.args.integer("watchers", 10);
        double rate = b.args.dbl("rate", 200);
        double duration = b.args.dbl("duration", 30);
        double warmup = b.args.dbl("warmup", 5);
        Api api = b.api();
        String owner = api.newUser("owner")[1];
        String watcherToken = api.newUser("watcher")[1];

        String[] ids = new String[sessions];
        long[] version = new long[sessions];
        Map<String, Object> create = Map.of("syncMode", "per_participant", "totalTimeMs", 86_400_000,
                "participants", List.of(Map.of("participantId", "a"), Map.of("participantId", "b")));
        for (int s = 0; s < sessions; s++) {
            JsonNode created = api.call("POST", "/api/sessions", owner, create, 201);
            ids[s] = created.path("data").path("sessionId").asText();
            JsonNode started = api.call("POST", "/api/sessions/" + ids[s] + "/start", owner, null, 200);
            version[s] = started.path("data").path("version").asLong();
        }

        long interval = (long) (1e9 / rate);
        Shared shared = new Shared(sessions, watchers, interval * sessions);
        int n = sessions * watchers;
        Watcher[] ws = new Watcher[n];
        for (int i = 0; i < n; i++) {
            ws[i] = new Watcher(i % sessions, shared);
        }
        List<WsClients.Conn> conns = b.ws.connectAll(n, b.args.integer("connect-in-flight", 200),
                i -> api.wsUri(watcherToken, ids[i % sessions]), i -> new WsClients.Conn(ws[i]));
        if (!shared.synced.await(60, TimeUnit.SECONDS)) {
            System.err.println("only " + (n - shared.synced.getCount()) + " of " + n + " watchers got STATE_SYNC");
        }

        Latency switchLatency = new Latency(interval);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        boolean[] measuring = {false};
        Bench.Sender send = (i, intended) -> {
            int s = (int) (i % sessions);
            long v = ++version[s];
            shared.intended.set(s * RING + (int) (v % RING), intended);
            boolean counted = measuring[0];
            api.postAsync("/api/sessions/" + ids[s] + "/switch", owner, "{}").whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 200) {
                    if (counted) {
                        ok.incrementAndGet();
                        switchLatency.record(System.nanoTime() - intended);
                    }
                } else if (failed.incrementAndGet() <= 3) {
                    System.err.println("switch failed: " + (e != null ? e : "HTTP " + r.statusCode()));
                }
            });
        };
        Bench.fixedRate(rate, (long) (rate * warmup), send);
        Bench.sleep(0.5);
        for (int s = 0; s < sessions; s++) {
            shared.base.set(s, version[s]);
        }
        measuring[0] = true;
        shared.updateLatency.reset();
        long switches = (long) (rate * duration);
        ProcStats.Snapshot s0 = ProcStats.Snapshot.take(b.pid());
        long maxLag = Bench.fixedRate(rate, switches, send);
        long expectedUpdates = switches * watchers;
        boolean complete = Bench.await(() -> shared.updates.get() >= expectedUpdates && ok.get() >= switches,
                b.args.dbl("drain", 10));
        ProcStats.Snapshot s1 = ProcStats.Snapshot.take(b.pid());
        switchLatency.freeze();
        shared.updateLatency.freeze();

        long unique = 0;
        long duplicates = 0;
        long lost = 0;
        long outOfOrder = 0;
        long errors = 0;
        for (int i = 0; i < n; i++) {
            Watcher w = ws[i];
            long perSession = switches / sessions + (w.session < switches % sessions ? 1 : 0);
            synchronized (w) {
                unique += w.tracker.unique();
                duplicates += w.tracker.duplicates();
                lost += w.tracker.lost(perSession);
                outOfOrder += w.tracker.outOfOrder();
                errors += w.errors;
            }
        }
        Report report = new Report("sessions")
                .put("sessions", sessions)
                .put("watchersPerSession", watchers)
                .put("connected", conns.size())
                .put("switchesPerSecond", rate)
                .put("switches", switches)
                .put("switchOk", ok.get())
                .put("switchFailed", failed.get())
                .put("senderMaxLagMs", Latency.ms(maxLag))
                .put("expectedUpdates", expectedUpdates)
                .put("updates", unique)
                .put("lost", lost)
                .put("duplicates", duplicates)
                .put("outOfOrder", outOfOrder)
                .put("watcherErrors", errors)
                .put("drainedCompletely", complete)
                .latency("switch", switchLatency)
                .latency("stateUpdate", shared.updateLatency)
                .cpu(s0, s1, unique);
        conns.forEach(WsClients.Conn::close);
        return report;
    }
}
