package io.switchboard.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;

/**
 * Memory per connection (idle) and connection churn. Server memory is read with jcmd (a full GC, then the used
 * heap, which is the live heap) and from /proc (RSS), so they need the server's pid. "Registries empty" is checked
 * by counting live TopicConnection objects after a full GC: the open-connection registry and the subscription index
 * both hold connections, so a leak in either leaves instances behind.
 */
final class ConnectionScenarios {
    static final String TOPIC_CONNECTION = "io.switchboard.adapters.in.ws.TopicConnection";

    private ConnectionScenarios() {
    }

    static Report idle(Bench b) throws Exception {
        int n = b.args.integer("connections", 10_000);
        double hold = b.args.dbl("hold", 5);
        long pid = requirePid(b);
        Api api = b.api();
        String token = api.newUser("idle")[1];

        // Warm-up: open and close a few connections first, so that class loading, JIT and Jetty's pools are in the
        // baseline and not counted per connection.
        int warm = Math.min(500, n / 10 + 1);
        List<WsClients.Conn> warmConns = open(b, api, token, warm, "public.idle.warm", new CountDownLatch(warm));
        warmConns.forEach(WsClients.Conn::close);
        CompletableFuture.allOf(warmConns.stream().map(c -> c.closed).toArray(CompletableFuture[]::new))
                .get(120, TimeUnit.SECONDS);

        long heap0 = Jcmd.liveHeapBytes(pid);
        long rss0 = ProcStats.rssBytes(pid);
        String histogram0 = Jcmd.run(pid, "GC.class_histogram");
        CountDownLatch subscribed = new CountDownLatch(n);
        long t0 = System.nanoTime();
        List<WsClients.Conn> conns = open(b, api, token, n, "public.idle.c", subscribed);
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        Bench.sleep(hold);
        long heap1 = Jcmd.liveHeapBytes(pid);
        long rss1 = ProcStats.rssBytes(pid);
        String histogram1 = Jcmd.run(pid, "GC.class_histogram");
        long live = Jcmd.instancesIn(histogram1, TOPIC_CONNECTION);
        long open = conns.stream().filter(WsClients.Conn::isOpen).count();
        // Where the memory of a connection goes: the classes that grew most, per connection.
        System.err.println("live heap growth per connection, by class (bytes, objects):");
        System.err.print(Jcmd.growth(histogram0, histogram1, Math.max(1, conns.size()), b.args.integer("top", 25)));

        conns.forEach(WsClients.Conn::close);
        CompletableFuture.allOf(conns.stream().map(c -> c.closed).toArray(CompletableFuture[]::new))
                .get(120, TimeUnit.SECONDS);
        Bench.sleep(1);
        long heap2 = Jcmd.liveHeapBytes(pid);
        long liveAfter = Jcmd.instances(pid, TOPIC_CONNECTION);

        return new Report("idle")
                .put("connections", n)
                .put("connected", conns.size())
                .put("subscribed", n - subscribed.getCount())
                .put("openAfterHold", open)
                .put("connectSeconds", connectSeconds)
                .put("connectsPerSecond", conns.size() / connectSeconds)
                .put("serverTopicConnections", live)
                .put("liveHeapBeforeMB", heap0 / 1048576.0)
                .put("liveHeapWithConnectionsMB", heap1 / 1048576.0)
                .put("liveHeapAfterCloseMB", heap2 / 1048576.0)
                .put("heapBytesPerConnection", (heap1 - heap0) / (double) Math.max(1, conns.size()))
                .put("rssBeforeMB", rss0 / 1048576.0)
                .put("rssWithConnectionsMB", rss1 / 1048576.0)
                .put("rssBytesPerConnection", (rss1 - rss0) / (double) Math.max(1, conns.size()))
                .put("serverTopicConnectionsAfterClose", liveAfter);
    }

    /** n authenticated connections, connection i subscribed to {@code topicPrefix + i}; waits for every reply. */
    private static List<WsClients.Conn> open(Bench b, Api api, String token, int n, String topicPrefix,
                                             CountDownLatch subscribed) throws InterruptedException {
        List<WsClients.Conn> conns = b.ws.connectAll(n, b.args.integer("connect-in-flight", 200),
                i -> api.wsUri(token, null), i -> WsClients.Conn.text(frame -> {
                    if (frame.startsWith("{\"type\":\"subscribed\"")) {
                        subscribed.countDown();
                    }
                }));
        for (int i = 0; i < conns.size(); i++) {
            conns.get(i).send("{\"type\":\"subscribe\",\"topic\":\"" + topicPrefix + i + "\"}");
        }
        if (!subscribed.await(120, TimeUnit.SECONDS)) {
            System.err.println("only " + (n - subscribed.getCount()) + " of " + n + " subscribed");
        }
        return conns;
    }

    static Report churn(Bench b) throws Exception {
        int cycles = b.args.integer("cycles", 10_000);
        int concurrency = b.args.integer("concurrency", 16);
        long pid = requirePid(b);
        Api api = b.api();
        String token = api.newUser("churn")[1];
        String auth = "{\"type\":\"auth\",\"token\":\"" + token + "\"}";

        // A short warm-up first, so that class loading, JIT and pools are not counted as growth.
        runCycles(b, api, auth, Math.min(500, cycles / 10 + 1), concurrency, new AtomicLong());
        long heap0 = Jcmd.liveHeapBytes(pid);
        long rss0 = ProcStats.rssBytes(pid);
        String metricsBefore = api.metrics();

        AtomicLong failures = new AtomicLong();
        ProcStats.Snapshot s0 = ProcStats.Snapshot.take(pid);
        runCycles(b, api, auth, cycles, concurrency, failures);
        ProcStats.Snapshot s1 = ProcStats.Snapshot.take(pid);
        double seconds = (s1.nanoTime() - s0.nanoTime()) / 1e9;

        Bench.sleep(1);
        long heap1 = Jcmd.liveHeapBytes(pid);
        long rss1 = ProcStats.rssBytes(pid);
        long live = Jcmd.instances(pid, TOPIC_CONNECTION);
        long liveLater = live;
        long recheckStart = System.nanoTime();
        // A leak stays and grows with the cycles; something in flight, or an object that a pooled thread still
        // references from its last task, goes away. Look again every 2 s for up to --recheck seconds.
        while (liveLater > 0 && System.nanoTime() - recheckStart < b.args.dbl("recheck", 30) * 1e9) {
            Bench.sleep(2);
            liveLater = Jcmd.instances(pid, TOPIC_CONNECTION);
        }
        String metricsAfter = api.metrics();
        Report report = new Report("churn")
                .put("cycles", cycles)
                .put("concurrency", concurrency)
                .put("failedCycles", failures.get())
                .put("seconds", seconds)
                .put("cyclesPerSecond", cycles / seconds)
                .put("liveHeapBeforeMB", heap0 / 1048576.0)
                .put("liveHeapAfterMB", heap1 / 1048576.0)
                .put("liveHeapGrowthMB", (heap1 - heap0) / 1048576.0)
                .put("rssBeforeMB", rss0 / 1048576.0)
                .put("rssAfterMB", rss1 / 1048576.0)
                .put("serverTopicConnectionsAfter", live)
                .put("serverTopicConnectionsAfterRecheck", liveLater)
                .put("recheckSeconds", live > 0 ? (System.nanoTime() - recheckStart) / 1e9 : 0.0)
                .put("metricsEndpoint", metricsAfter != null);
        report.cpu(s0, s1, 0);
        if (metricsAfter != null) {
            report.put("metricsBefore", grepGauges(metricsBefore)).put("metricsAfter", grepGauges(metricsAfter));
        }
        return report;
    }

    /** connect (no token) -> auth -> auth_success -> subscribe -> subscribed -> close -> closed, `cycles` times. */
    private static void runCycles(Bench b, Api api, String auth, int cycles, int concurrency, AtomicLong failures)
            throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < cycles) {
                    try {
                        cycle(b, api, auth, i);
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 3) {
                            System.err.println("cycle " + i + " failed: " + e);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
    }

    private static void cycle(Bench b, Api api, String auth, long i) throws Exception {
        CompletableFuture<Void> authed = new CompletableFuture<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        WsClients.Conn conn = WsClients.Conn.text(frame -> {
            if (frame.startsWith("{\"type\":\"auth_success\"")) {
                authed.complete(null);
            } else if (frame.startsWith("{\"type\":\"subscribed\"")) {
                subscribed.complete(null);
            } else if (frame.startsWith("{\"type\":\"error\"")) {
                authed.completeExceptionally(new IllegalStateException(frame));
                subscribed.completeExceptionally(new IllegalStateException(frame));
            }
        });
        b.ws.connect(conn, api.wsUri(null, null)).get(10, TimeUnit.SECONDS);
        conn.send(auth);
        authed.get(10, TimeUnit.SECONDS);
        conn.send("{\"type\":\"subscribe\",\"topic\":\"public.churn.c" + i + "\"}");
        subscribed.get(10, TimeUnit.SECONDS);
        conn.close();
        conn.closed.get(10, TimeUnit.SECONDS);
    }

    private static String grepGauges(String metrics) {
        if (metrics == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("#") && (line.contains("connection") || line.contains("subscription"))) {
                sb.append(line).append("; ");
            }
        }
        return sb.toString();
    }

    private static long requirePid(Bench b) {
        if (b.pid() <= 0) {
            throw new IllegalArgumentException("this scenario reads the server's memory: give --server-pid or --start-server");
        }
        return b.pid();
    }
}
