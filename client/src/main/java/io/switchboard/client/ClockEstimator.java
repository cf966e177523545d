package io.switchboard.client;

import java.util.ArrayDeque;

/**
 * The offset of the server's clock to ours, from PING/PONG samples: for each, {@code offset = serverTime -
 * (sentAt + rtt / 2)}; the estimate is the sample with the lowest round trip among the last {@link #WINDOW}
 * (the least disturbed by queueing, so its midpoint is the best guess of when the server read its clock).
 */
public final class ClockEstimator {
    public static final int WINDOW = 16;

    /** One sample: round trip and offset in milliseconds (fractions kept). */
    public record Sample(double rttMs, double offsetMs) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /**
     * @param sentAtMs     our wall clock when the PING left (epoch ms, fractional)
     * @param receivedAtMs our wall clock when the PONG arrived
     * @param serverMs     the PONG's timestamp (epoch ms, truncated by the server: the true instant is in
     *                     [serverMs, serverMs + 1), so its middle is used)
     */
    public synchronized Sample add(double sentAtMs, double receivedAtMs, long serverMs) {
        double rtt = Math.max(0, receivedAtMs - sentAtMs);
        Sample sample = new Sample(rtt, serverMs + 0.5 - (sentAtMs + rtt / 2));
        samples.addLast(sample);
        while (samples.size() > WINDOW) {
            samples.removeFirst();
        }
        return sample;
    }

    /** The best sample so far, or null before the first. */
    public synchronized Sample best() {
        Sample best = null;
        for (Sample s : samples) {
            if (best == null || s.rttMs() < best.rttMs()) {
                best = s;
            }
        }
        return best;
    }

    /** Server clock minus ours, in ms (0 before any sample). */
    public double offsetMs() {
        Sample best = best();
        return best == null ? 0 : best.offsetMs();
    }

    public synchronized int size() {
        return samples.size();
    }
}
