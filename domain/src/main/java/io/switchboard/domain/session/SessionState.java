package io.switchboard.domain.session;

import io.switchboard.domain.common.JsonTrees;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A session as stored, immutable. "Calculate, don't count": while the session runs, {@code cycleStartedAt} is the
 * instant at which the participants' {@code remainingMs} and {@code usedMs} were taken; the running clock shows
 * {@code remainingMs - (now - cycleStartedAt)}. {@code cycleStartedAt} is null whenever no clock runs (pending,
 * paused, completed, expired). Changes are made only by {@link SessionTransitions}, each adding 1 to {@code version}.
 *
 * @param activeParticipantId whose turn it is; null while pending and once completed or expired
 * @param totalTimeMs    session-wide clock (global, per_group) or default per-participant clock; may be null
 * @param timePerCycleMs per_cycle turn length; may be null in other modes
 * @param incrementMs    added on switch in per_participant and per_group; 0 when not given
 * @param maxTimeMs      count_up cap; may be null
 * @param metadata       an immutable JSON object tree (maps, lists, strings, numbers, booleans, null)
 */
public record SessionState(SessionId sessionId, UserId ownerId, SyncMode syncMode, SyncStatus status, long version,
                           List<Participant> participants, String activeParticipantId, Instant cycleStartedAt,
                           Instant sessionStartedAt, Instant sessionCompletedAt, Long totalTimeMs,
                           Long timePerCycleMs, long incrementMs, Long maxTimeMs, ActionOnTimeout actionOnTimeout,
                           Map<String, Object> metadata, Instant createdAt, Instant updatedAt) {
    public SessionState {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(syncMode, "syncMode");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(actionOnTimeout, "actionOnTimeout");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        participants = List.copyOf(participants);
        metadata = metadata == null ? Map.of() : JsonTrees.immutableObject(metadata);
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        if ((status == SyncStatus.RUNNING) != (cycleStartedAt != null)) {
            throw new IllegalArgumentException("cycleStartedAt is set exactly while the session runs");
        }
    }

    public Optional<Participant> activeParticipant() {
        if (activeParticipantId == null) {
            return Optional.empty();
        }
        return participants.stream().filter(p -> p.participantId().equals(activeParticipantId)).findFirst();
    }

    public boolean isActive(Participant participant) {
        return participant.participantId().equals(activeParticipantId);
    }

    public Optional<Participant> participant(String participantId) {
        return participants.stream().filter(p -> p.participantId().equals(participantId)).findFirst();
    }

    public boolean isRunning() {
        return status == SyncStatus.RUNNING;
    }
}
