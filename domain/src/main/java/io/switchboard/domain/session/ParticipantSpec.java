package io.switchboard.domain.session;

/**
 * One participant as a client asks for it in CreateSession. Checked by {@link SessionSpec}, which knows its
 * index and so can name the field (`participants[2].participantId`).
 *
 * @param totalTimeMs optional own clock (per_participant only; otherwise ignored)
 * @param groupId     optional; required in per_group mode
 */
public record ParticipantSpec(String participantId, Long totalTimeMs, String groupId) {
    public static ParticipantSpec of(String participantId) {
        return new ParticipantSpec(participantId, null, null);
    }
}
