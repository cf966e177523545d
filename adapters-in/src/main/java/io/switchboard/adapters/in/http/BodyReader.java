package io.switchboard.adapters.in.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads a request body without holding a thread: it reads what has arrived, then asks Jetty to call back when
 * more does (demand), so a client that stalls costs a connection and a timer, never one of the server's threads.
 * The body is counted as it streams and given up on as soon as it passes {@code maxBytes} (a chunked body is never
 * buffered past the limit), or when no byte arrived for {@code stallMs}, or when the whole read took longer than
 * {@code totalMs}. Exactly one {@link Outcome} is delivered: on the thread that read the last chunk, or on the
 * scheduler's thread for a stall.
 */
final class BodyReader implements Runnable {
    sealed interface Outcome permits Complete, TooLarge, Stalled, Broken, OverBudget {
    }

    /** The bodies being read at once already hold all the memory the {@link Budget} allows. */
    record OverBudget() implements Outcome {
    }

    /** Bytes that all bodies being read at once may hold together. */
    static final class Budget {
        private final long maxBytes;
        private final java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();

        Budget(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        boolean take(long bytes) {
            if (held.addAndGet(bytes) > maxBytes) {
                held.addAndGet(-bytes);
                return false;
            }
            return true;
        }

        void give(long bytes) {
            held.addAndGet(-bytes);
        }

        long held() {
            return held.get();
        }
    }

    /** The whole body; empty when it was only drained. */
    record Complete(byte[] bytes) implements Outcome {
    }

    record TooLarge() implements Outcome {
    }

    /** No progress within the stall bound, or the total bound passed. */
    record Stalled() implements Outcome {
    }

    /** The client closed or broke the connection before the end of the body. */
    record Broken(Throwable cause) implements Outcome {
    }

    private final Request request;
    private final long maxBytes;
    private final boolean keep;
    private final long stallNanos;
    private final long totalNanos;
    private final Scheduler scheduler;
    private final Consumer<Outcome> done;
    private final Budget budget;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ByteArrayOutputStream bytes;
    private final long startedNanos = System.nanoTime();
    private volatile long lastProgressNanos = startedNanos;
    private volatile Scheduler.Task timer;
    private long total;
    private long taken;
    private boolean givenBack;

    private BodyReader(Request request, long maxBytes, boolean keep, long stallMs, long totalMs, Scheduler scheduler,
                       Budget budget, Consumer<Outcome> done) {
        this.budget = budget;
        this.request = request;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMs);
        this.totalNanos = TimeUnit.MILLISECONDS.toNanos(totalMs);
        this.scheduler = scheduler;
        this.done = done;
        long expected = request.getLength();
        this.bytes = keep ? new ByteArrayOutputStream((int) Math.min(Math.max(expected, 256), 64 * 1024)) : null;
    }

    /**
     * Reads the whole body (up to {@code maxBytes}; 0 = no limit) and hands it over; the bytes held meanwhile are
     * taken from {@code budget} (and given back once the outcome is delivered).
     */
    static void read(Request request, long maxBytes, long stallMs, long totalMs, Budget budget,
                     Consumer<Outcome> done) {
        start(new BodyReader(request, maxBytes, true, stallMs, totalMs, request.getComponents().getScheduler(),
                budget, done));
    }

    /** Reads and drops the rest of a body (up to {@code maxBytes}), e.g. after the answer was sent. */
    static void drain(Request request, long maxBytes, long stallMs, long totalMs, Consumer<Outcome> done) {
        start(new BodyReader(request, maxBytes, false, stallMs, totalMs, request.getComponents().getScheduler(),
                null, done));
    }

    private static void start(BodyReader reader) {
        reader.arm(Math.min(reader.stallNanos, reader.totalNanos));
        reader.run();
    }

    /** Called once to start, then by Jetty each time more of the body may be read. */
    @Override
    public void run() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                finish(new Broken(chunk.getFailure()));
                return;
            }
            boolean last = chunk.isLast();
            ByteBuffer buffer = chunk.getByteBuffer();
            int n = buffer.remaining();
            if (n > 0) {
                total += n;
                lastProgressNanos = System.nanoTime();
                if (maxBytes > 0 && total > maxBytes) {
                    chunk.release();
                    finish(keep ? new TooLarge() : new Complete(new byte[0]));
                    return;
                }
                if (keep) {
                    if (!reserve(n)) {
                        chunk.release();
                        finish(new OverBudget());
                        return;
                    }
                    if (buffer.hasArray()) {
                        bytes.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
                    } else {
                        byte[] copy = new byte[n];
                        buffer.get(copy);
                        bytes.write(copy, 0, n);
                    }
                }
            }
            chunk.release();
            if (last) {
                finish(new Complete(keep ? bytes.toByteArray() : new byte[0]));
                return;
            }
        }
    }

    /** Takes {@code n} more bytes from the budget; false when it is spent (or this read is over). */
    private synchronized boolean reserve(int n) {
        if (givenBack || !budget.take(n)) {
            return false;
        }
        taken += n;
        return true;
    }

    private synchronized void giveBack() {
        if (budget != null && !givenBack) {
            givenBack = true;
            budget.give(taken);
        }
    }

    private void arm(long delayNanos) {
        timer = scheduler.schedule(this::checkProgress, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void checkProgress() {
        if (finished.get()) {
            return;
        }
        long now = System.nanoTime();
        long quietFor = now - lastProgressNanos;
        long runningFor = now - startedNanos;
        if (quietFor >= stallNanos || runningFor >= totalNanos) {
            finish(new Stalled());
            return;
        }
        arm(Math.min(stallNanos - quietFor, totalNanos - runningFor));
    }

    private void finish(Outcome outcome) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Task task = timer;
        if (task != null) {
            task.cancel();
        }
        try {
            done.accept(outcome);
        } finally {
            giveBack();
        }
    }
}
