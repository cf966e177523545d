package io.switchboard.application.view;

import io.switchboard.domain.session.Participant;
import io.switchboard.domain.session.SessionState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contract's SessionState (docs/sessions.md) as a JSON-ready tree; see {@link Views} for the idea. */
public final class SessionViews {
    private SessionViews() {
    }

    /** @param serverTime the server's clock when the view is sent (for the client's offset), not a stored field */
    public static Map<String, Object> state(SessionState state, Instant serverTime) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sessionId", state.sessionId().toString());
        view.put("ownerId", state.ownerId().toString());
        view.put("syncMode", state.syncMode().wireName());
        view.put("status", state.status().wireName());
        view.put("version", state.version());
        List<Map<String, Object>> participants = state.participants().stream().map(p -> participant(state, p)).toList();
        view.put("participants", participants);
        view.put("activeParticipantId", state.activeParticipantId());
        view.put("cycleStartedAt", Views.iso(state.cycleStartedAt()));
        view.put("sessionStartedAt", Views.iso(state.sessionStartedAt()));
        view.put("sessionCompletedAt", Views.iso(state.sessionCompletedAt()));
        view.put("totalTimeMs", state.totalTimeMs());
        view.put("timePerCycleMs", state.timePerCycleMs());
        view.put("incrementMs", state.incrementMs());
        view.put("maxTimeMs", state.maxTimeMs());
        view.put("actionOnTimeout", state.actionOnTimeout().wireName());
        view.put("metadata", state.metadata());
        view.put("createdAt", Views.iso(state.createdAt()));
        view.put("updatedAt", Views.iso(state.updatedAt()));
        view.put("serverTime", Views.iso(serverTime));
        return view;
    }

    private static Map<String, Object> participant(SessionState state, Participant p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("participantId", p.participantId());
        view.put("index", p.index());
        view.put("remainingMs", p.remainingMs());
        view.put("usedMs", p.usedMs());
        view.put("cycleCount", p.cycleCount());
        view.put("isActive", state.isActive(p));
        view.put("hasExpired", p.hasExpired());
        if (p.groupId() != null) {
            view.put("groupId", p.groupId());
        }
        return view;
    }
}
