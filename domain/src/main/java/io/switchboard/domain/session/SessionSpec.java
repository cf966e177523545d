package io.switchboard.domain.session;

import io.switchboard.domain.common.JsonTrees;
import io.switchboard.domain.failure.Violations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A valid CreateSession request (docs/sessions.md): it cannot exist with a broken rule. Every broken rule is
 * reported at once as {@link io.switchboard.domain.failure.ValidationFailed}, naming the wire field
 * (`participants[2].participantId`).
 *
 * <p>Rules: 1..1000 participants with unique ids of 1..64 characters of {@code [A-Za-z0-9_:-]} (a groupId has the
 * same shape); every time given is 1000..86400000 ms; incrementMs is 0..60000; metadata is a JSON object of at most
 * 10 KB when serialized. What each mode needs:
 * <ul>
 *   <li>per_participant: totalTimeMs on the session, or on every participant that has none of its own;</li>
 *   <li>per_cycle: timePerCycleMs;</li>
 *   <li>global: totalTimeMs;</li>
 *   <li>count_up: nothing (maxTimeMs is the optional cap);</li>
 *   <li>per_group: totalTimeMs (each group's clock) and a groupId on every participant.</li>
 * </ul>
 * Fields that a mode does not use are checked for range and otherwise ignored.
 *
 * @param sessionId       optional; the service generates one when null
 * @param incrementMs     defaults to 0
 * @param actionOnTimeout defaults to end_session
 * @param metadata        defaults to an empty object; stored as an immutable copy
 */
public record SessionSpec(SessionId sessionId, SyncMode syncMode, List<ParticipantSpec> participants,
                          Long totalTimeMs, Long timePerCycleMs, Long incrementMs, Long maxTimeMs,
                          ActionOnTimeout actionOnTimeout, Map<String, Object> metadata) {
    public static final int MAX_PARTICIPANTS = 1000;
    public static final long MIN_TIME_MS = 1_000;
    public static final long MAX_TIME_MS = 86_400_000;
    public static final long MAX_INCREMENT_MS = 60_000;
    public static final long MAX_METADATA_BYTES = 10 * 1024;
    private static final Pattern ID_SHAPE = Pattern.compile("^[A-Za-z0-9_:-]{1,64}$");

    public SessionSpec {
        Violations v = new Violations();
        if (syncMode == null) {
            v.add("syncMode", "is required: one of " + SyncMode.wireNames());
        }
        checkTime(v, "totalTimeMs", totalTimeMs);
        checkTime(v, "timePerCycleMs", timePerCycleMs);
        checkTime(v, "maxTimeMs", maxTimeMs);
        v.check(incrementMs == null || (incrementMs >= 0 && incrementMs <= MAX_INCREMENT_MS), "incrementMs",
                "must be 0 to " + MAX_INCREMENT_MS + " ms");
        checkParticipants(v, syncMode, participants, totalTimeMs);
        if (syncMode == SyncMode.PER_CYCLE) {
            v.check(timePerCycleMs != null, "timePerCycleMs", "is required in per_cycle mode");
        }
        if (syncMode == SyncMode.GLOBAL || syncMode == SyncMode.PER_GROUP) {
            v.check(totalTimeMs != null, "totalTimeMs", "is required in " + syncMode.wireName() + " mode");
        }
        Map<String, Object> frozen = Map.of();
        if (metadata != null) {
            try {
                frozen = JsonTrees.immutableObject(metadata);
                v.check(JsonTrees.serializedSize(frozen, MAX_METADATA_BYTES) <= MAX_METADATA_BYTES, "metadata",
                        "must be at most " + MAX_METADATA_BYTES + " bytes when serialized");
            } catch (IllegalArgumentException e) {
                v.add("metadata", "must be a JSON object");
            }
        }
        v.throwIfAny();
        participants = List.copyOf(participants);
        incrementMs = incrementMs == null ? 0L : incrementMs;
        actionOnTimeout = actionOnTimeout == null ? ActionOnTimeout.END_SESSION : actionOnTimeout;
        metadata = frozen;
    }

    public static boolean isValidParticipantId(String id) {
        return id != null && ID_SHAPE.matcher(id).matches();
    }

    private static void checkTime(Violations v, String field, Long ms) {
        v.check(ms == null || (ms >= MIN_TIME_MS && ms <= MAX_TIME_MS), field,
                "must be " + MIN_TIME_MS + " to " + MAX_TIME_MS + " ms");
    }

    private static void checkParticipants(Violations v, SyncMode mode, List<ParticipantSpec> participants,
                                          Long sessionTotalTimeMs) {
        if (participants == null || participants.isEmpty() || participants.size() > MAX_PARTICIPANTS) {
            v.add("participants", "must list 1 to " + MAX_PARTICIPANTS + " participants");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> missingTime = new ArrayList<>();
        for (int i = 0; i < participants.size(); i++) {
            String field = "participants[" + i + "]";
            ParticipantSpec p = participants.get(i);
            if (p == null) {
                v.add(field, "must be an object");
                continue;
            }
            if (v.check(isValidParticipantId(p.participantId()), field + ".participantId",
                    "must be 1 to 64 characters of A-Z a-z 0-9 _ : -")) {
                Integer first = seen.putIfAbsent(p.participantId(), i);
                v.check(first == null, field + ".participantId",
                        "duplicates participants[" + first + "].participantId");
            }
            checkTime(v, field + ".totalTimeMs", p.totalTimeMs());
            if (p.groupId() != null) {
                v.check(isValidParticipantId(p.groupId()), field + ".groupId",
                        "must be 1 to 64 characters of A-Z a-z 0-9 _ : -");
            } else if (mode == SyncMode.PER_GROUP) {
                v.add(field + ".groupId", "is required in per_group mode");
            }
            if (p.totalTimeMs() == null) {
                missingTime.add(field + ".totalTimeMs");
            }
        }
        if (mode == SyncMode.PER_PARTICIPANT && sessionTotalTimeMs == null) {
            missingTime.forEach(field -> v.add(field,
                    "is required in per_participant mode when the session has no totalTimeMs"));
        }
    }
}
