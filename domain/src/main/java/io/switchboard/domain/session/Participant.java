package io.switchboard.domain.session;

import java.util.Objects;

/**
 * One participant of a session, as of the session's `cycleStartedAt` (or as of the last change when no clock runs).
 *
 * @param index       position in the session's turn order, from 0
 * @param remainingMs what is left on this participant's clock; never negative. In per_group every member of a group,
 *                    in global and count_up every participant, carries the same shared value. Null only in count_up
 *                    without maxTimeMs (nothing to count down to)
 * @param usedMs      running time charged to this participant so far
 * @param cycleCount  how many turns this participant has started
 * @param hasExpired  this participant's clock ran out (it never fires again)
 * @param groupId     the group (per_group) or a label, may be null
 */
public record Participant(String participantId, int index, Long remainingMs, long usedMs, int cycleCount,
                          boolean hasExpired, String groupId) {
    public Participant {
        Objects.requireNonNull(participantId, "participantId");
        if (index < 0 || usedMs < 0 || cycleCount < 0 || (remainingMs != null && remainingMs < 0)) {
            throw new IllegalArgumentException("negative participant counters");
        }
    }

    Participant withRemaining(Long newRemainingMs) {
        return new Participant(participantId, index, newRemainingMs, usedMs, cycleCount, hasExpired, groupId);
    }

    Participant withUsed(long newUsedMs) {
        return new Participant(participantId, index, remainingMs, newUsedMs, cycleCount, hasExpired, groupId);
    }

    Participant withCycleCount(int newCycleCount) {
        return new Participant(participantId, index, remainingMs, usedMs, newCycleCount, hasExpired, groupId);
    }

    Participant expired() {
        return new Participant(participantId, index, remainingMs == null ? null : 0L, usedMs, cycleCount, true, groupId);
    }
}
