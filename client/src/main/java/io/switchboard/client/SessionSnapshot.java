package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * One SessionState as the server sent it ({@link #json()} is all of it), with the fields a clock needs.
 */
public record SessionSnapshot(JsonNode json) {
    public String sessionId() {
        return json.path("sessionId").asText();
    }

    public long version() {
        return json.path("version").asLong();
    }

    public String status() {
        return json.path("status").asText();
    }

    public String activeParticipantId() {
        return Json.text(json, "activeParticipantId");
    }

    /** Set exactly while running. */
    public Instant cycleStartedAt() {
        return Json.instant(json, "cycleStartedAt");
    }

    /** The participant's entry, or a missing node. */
    public JsonNode participant(String participantId) {
        for (JsonNode p : json.path("participants")) {
            if (p.path("participantId").asText().equals(participantId)) {
                return p;
            }
        }
        return json.path("participants").path(-1);
    }

    /**
     * A participant's time left at {@code serverNowMs}: its stored {@code remainingMs}, minus the running time since
     * {@code cycleStartedAt} when it is the running clock (calculate, don't count). Negative in overtime under
     * {@code continue}. Empty when the clock has no limit ({@code count_up} without {@code maxTimeMs}) or no such
     * participant. In {@code global} and {@code per_group} mode every participant sharing the running clock runs.
     */
    public OptionalLong remainingMs(String participantId, double serverNowMs) {
        JsonNode p = participant(participantId);
        if (p.isMissingNode() || !p.path("remainingMs").canConvertToLong()) {
            return OptionalLong.empty();
        }
        long stored = p.path("remainingMs").asLong();
        Instant started = cycleStartedAt();
        if (!"running".equals(status()) || started == null || !runsNow(p)) {
            return OptionalLong.of(stored);
        }
        return OptionalLong.of(Math.round(stored - (serverNowMs - started.toEpochMilli())));
    }

    private boolean runsNow(JsonNode p) {
        String mode = json.path("syncMode").asText();
        String active = activeParticipantId();
        if (active == null) {
            return false;
        }
        if (mode.equals("global") || mode.equals("count_up")) {
            return true;
        }
        if (mode.equals("per_group")) {
            String group = participant(active).path("groupId").asText(null);
            return group != null && group.equals(p.path("groupId").asText(null));
        }
        return active.equals(p.path("participantId").asText());
    }
}
