package io.switchboard.bench;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One topic, N subscribers, a source publishing numbered, time-stamped messages at a fixed rate; every subscriber
 * checks what it got. Three scenarios share it:
 * <ul>
 *   <li>fanout: the source is a WebSocket publisher on {@code public.bench.fanout} (any user may publish there);</li>
 *   <li>http-to-ws: the source POSTs /api/messages to channel {@code bench}; subscribers watch
 *       {@code messages.channel.bench};</li>
 *   <li>cross-instance: like fanout, but subscribers are spread round-robin over every URL and the publisher uses
 *       the first one (needs servers that share pub/sub, i.e. REDIS_URL; against independent servers the
 *       subscribers of the other URLs get nothing and the run reports that as loss).</li>
 * </ul>
 */
final class StreamScenario {
    private StreamScenario() {
    }

    /** One subscriber's frames: deliveries are checked against the stamp, the rest only counted. */
    private static final byte[] MESSAGE = Frames.ascii("{\"type\":\"message\"");
    private static final byte[] SUBSCRIBED = Frames.ascii("{\"type\":\"subscribed\"");
    private static final byte[] ERROR = Frames.ascii("{\"type\":\"error\"");

    static final class Receiver implements java.util.function.Consumer<ByteBuffer> {
        private final Latency latency;
        private final CountDownLatch subscribed;
        private final AtomicLong totalUnique;
        final SeqTracker tracker = new SeqTracker();
        final AtomicLong errors = new AtomicLong();
        private final long[] stamp = new long[2];

        Receiver(Latency latency, CountDownLatch subscribed, AtomicLong totalUnique) {
            this.latency = latency;
            this.subscribed = subscribed;
            this.totalUnique = totalUnique;
        }

        @Override
        public void accept(ByteBuffer frame) {
            long now = System.nanoTime();
            if (Frames.startsWith(frame, MESSAGE)) {
                synchronized (this) {
                    if (!Marker.read(frame, stamp) || stamp[0] < 0) {
                        return; // warm-up, or not ours
                    }
                    if (tracker.record(stamp[0])) {
                        totalUnique.incrementAndGet();
                        latency.record(now - stamp[1]);
                    }
                }
            } else if (Frames.startsWith(frame, SUBSCRIBED)) {
                subscribed.countDown();
            } else if (Frames.startsWith(frame, ERROR)) {
                if (errors.incrementAndGet() == 1) {
                    System.err.println("subscriber got " + Frames.text(frame));
                }
            }
        }
    }

    static Report run(Bench b, String scenario) throws Exception {
        boolean http = scenario.equals("http-to-ws");
        int n = b.args.integer("subscribers", http ? 100 : 1000);
        double rate = b.args.dbl("rate", http ? 100 : 50);
        int payload = b.args.integer("payload", 256);
        double duration = b.args.dbl("duration", 30);
        double warmup = b.args.dbl("warmup", 5);
        int urls = scenario.equals("cross-instance") ? b.apis.size() : 1;
        String topic = http ? "messages.channel.bench" : "public.bench." + scenario;

        // A user per server (without shared state, a user exists only where it registered).
        List<String> subTokens = new ArrayList<>();
        for (int u = 0; u < urls; u++) {
            subTokens.add(b.apis.get(u).newUser("sub")[1]);
        }
        String pubToken = b.api().newUser("pub")[1];

        long interval = (long) (1e9 / rate);
        Latency latency = new Latency(interval);
        CountDownLatch subscribed = new CountDownLatch(n);
        AtomicLong totalUnique = new AtomicLong();
        Receiver[] receivers = new Receiver[n];
        for (int i = 0; i < n; i++) {
            receivers[i] = new Receiver(latency, subscribed, totalUnique);
        }
        long t0 = System.nanoTime();
        String subscribe = "{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}";
        String client = b.args.str("client", "jetty");
        List<WsClients.Conn> conns = List.of();
        NioSubscribers nio = null;
        int connected;
        if (client.equals("nio")) {
            nio = new NioSubscribers();
            for (int i = 0; i < n; i++) {
                try {
                    nio.connect(b.apis.get(i % urls).wsUri(subTokens.get(i % urls), null), subscribe, receivers[i]);
                } catch (java.io.IOException e) {
                    System.err.println("connect " + i + " failed: " + e.getMessage());
                }
            }
            connected = nio.size();
        } else {
            conns = b.ws.connectAll(n, b.args.integer("connect-in-flight", 200),
                    i -> b.apis.get(i % urls).wsUri(subTokens.get(i % urls), null),
                    i -> new WsClients.Conn(receivers[i]));
            conns.forEach(c -> c.send(subscribe));
            connected = conns.size();
        }
        if (!subscribed.await(120, TimeUnit.SECONDS)) {
            System.err.println("only " + (n - subscribed.getCount()) + " of " + n + " subscribed");
        }
        double connectSeconds = (System.nanoTime() - t0) / 1e9;

        // The source.
        AtomicLong acks = new AtomicLong();
        AtomicLong sourceErrors = new AtomicLong();
        Latency postLatency = new Latency(interval);
        Bench.Sender send;
        WsClients.Conn publisher = null;
        if (http) {
            send = (seq, intended) -> {
                String body = "{\"channelId\":\"bench\",\"content\":\"" + Marker.content(seq, intended, payload) + "\"}";
                b.api().postAsync("/api/messages", pubToken, body).whenComplete((r, e) -> {
                    if (e == null && r.statusCode() == 201) {
                        acks.incrementAndGet();
                        if (seq >= 0) {
                            postLatency.record(System.nanoTime() - intended);
                        }
                    } else if (sourceErrors.incrementAndGet() <= 3) {
                        System.err.println("POST failed: " + (e != null ? e : statusOf(r)));
                    }
                });
            };
        } else {
            WsClients.Conn pub = WsClients.Conn.text(frame -> {
                if (frame.startsWith("{\"type\":\"published\"")) {
                    acks.incrementAndGet();
                } else if (frame.startsWith("{\"type\":\"error\"") && sourceErrors.incrementAndGet() <= 3) {
                    System.err.println("publisher got " + frame);
                }
            });
            b.ws.connect(pub, b.api().wsUri(pubToken, null)).get(30, TimeUnit.SECONDS);
            publisher = pub;
            send = (seq, intended) -> pub.send("{\"type\":\"message\",\"topic\":\"" + topic + "\",\"content\":\""
                    + Marker.content(seq, intended, payload) + "\"}");
        }

        // Warm-up (stamped -1: receivers ignore it), then the measured window.
        Bench.fixedRate(rate, (long) (rate * warmup), (i, intended) -> send.send(-1, intended));
        Bench.sleep(0.5);
        latency.reset();
        postLatency.reset();
        acks.set(0);
        sourceErrors.set(0);
        long measured = (long) (rate * duration);
        long expected = measured * connected; // what the connected receivers can get
        ProcStats.Snapshot s0 = ProcStats.Snapshot.take(b.pid());
        long maxLag = Bench.fixedRate(rate, measured, send);
        boolean complete = Bench.await(() -> totalUnique.get() >= expected, b.args.dbl("drain", 10));
        ProcStats.Snapshot s1 = ProcStats.Snapshot.take(b.pid());
        latency.freeze();
        postLatency.freeze();

        long unique = 0;
        long duplicates = 0;
        long lost = 0;
        long outOfOrder = 0;
        long errors = 0;
        for (Receiver r : receivers) {
            synchronized (r) {
                unique += r.tracker.unique();
                duplicates += r.tracker.duplicates();
                lost += r.tracker.lost(measured);
                outOfOrder += r.tracker.outOfOrder();
                errors += r.errors.get();
            }
        }
        Report report = new Report(scenario)
                .put("urls", urls)
                .put("subscribers", n)
                .put("client", client)
                .put("connected", connected)
                .put("connectSeconds", connectSeconds)
                .put("ratePerSecond", rate)
                .put("payloadBytes", payload)
                .put("published", measured)
                .put("sourceAcks", acks.get())
                .put("sourceErrors", sourceErrors.get())
                .put("publisherMaxLagMs", Latency.ms(maxLag))
                .put("expectedDeliveries", measured * n)
                .put("deliveries", unique)
                .put("lost", lost) // over all n receivers: one that never connected lost everything
                .put("duplicates", duplicates)
                .put("outOfOrder", outOfOrder)
                .put("subscriberErrors", errors)
                .put("drainedCompletely", complete)
                .put("deliveriesPerSecond", unique / (duration))
                .latency("delivery", latency);
        if (http) {
            report.latency("post", postLatency);
        }
        report.cpu(s0, s1, unique);
        double genMicros = (s1.selfCpuNanos() - s0.selfCpuNanos()) / 1000.0 / Math.max(1, unique);
        report.put("loadGenCpuMicrosPerDelivery", genMicros);
        // The delivery rate at which this load generator would use 85% of one core (the validity limit).
        report.put("loadGenCeilingDeliveriesPerSecond", Math.round(850_000 / Math.max(genMicros, 0.001)));
        if (publisher != null) {
            publisher.close();
        }
        conns.forEach(WsClients.Conn::close);
        if (nio != null) {
            nio.close();
        }
        return report;
    }

    private static String statusOf(HttpResponse<?> r) {
        return r == null ? "no response" : "HTTP " + r.statusCode();
    }
}
