package io.switchboard.bench;

import java.util.BitSet;

/**
 * What one receiver got out of a numbered stream 0..n-1: unique, duplicate and out-of-order arrivals, so that loss
 * is {@code sent - unique} and duplicates are counted, not guessed. Not thread-safe; one per receiver, fed by that
 * receiver's (serialised) callbacks.
 */
final class SeqTracker {
    private final BitSet seen = new BitSet();
    private long unique;
    private long duplicates;
    private long outOfOrder;
    private long highest = -1;

    /** Records one arrival; returns false when it is a duplicate. */
    boolean record(long seq) {
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence out of range: " + seq);
        }
        int i = (int) seq;
        if (seen.get(i)) {
            duplicates++;
            return false;
        }
        seen.set(i);
        unique++;
        if (seq < highest) {
            outOfOrder++;
        } else {
            highest = seq;
        }
        return true;
    }

    long unique() {
        return unique;
    }

    long duplicates() {
        return duplicates;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    /** Of the first {@code sent} numbers, how many never arrived. */
    long lost(long sent) {
        return sent - seen.get(0, (int) Math.min(sent, Integer.MAX_VALUE)).cardinality();
    }
}
