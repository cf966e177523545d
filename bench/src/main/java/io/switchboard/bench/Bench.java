package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What every scenario gets: its options, the server(s) it talks to, their pids, and the WebSocket client. */
final class Bench {
    final Args args;
    final List<Api> apis = new ArrayList<>();
    /** Pids of the servers, in the order of {@link #apis}; -1 where unknown. */
    final List<Long> pids = new ArrayList<>();
    final WsClients ws;

    Bench(Args args, List<String> urls, List<Long> pids) throws Exception {
        this.args = args;
        for (String url : urls) {
            apis.add(new Api(url));
        }
        this.pids.addAll(pids);
        while (this.pids.size() < apis.size()) {
            this.pids.add(-1L);
        }
        this.ws = new WsClients(args.integer("client-threads", 8));
    }

    Api api() {
        return apis.get(0);
    }

    long pid() {
        return pids.get(0);
    }

    /**
     * Calls {@code send(i, intendedNanos)} for i = 0..count-1 at a fixed rate on the calling thread. The intended
     * time of each send is fixed by the schedule, so a late send is measured as latency by the receivers.
     *
     * @return the largest lag of a send behind its schedule, in ns
     */
    static long fixedRate(double perSecond, long count, Sender send) {
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime() + 1_000_000;
        long maxLag = 0;
        for (long i = 0; i < count; i++) {
            long intended = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            maxLag = Math.max(maxLag, now - intended);
            send.send(i, intended);
        }
        return maxLag;
    }

    interface Sender {
        void send(long i, long intendedNanos);
    }

    /** Polls {@code done} every 20 ms until it is true or {@code seconds} pass; returns whether it became true. */
    static boolean await(BooleanSupplier done, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
