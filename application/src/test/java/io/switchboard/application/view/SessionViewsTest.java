package io.switchboard.application.view;

import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SessionViewsTest {
    @Test
    void theViewHasTheContractsFieldsWithWireNames() {
        Instant t0 = Instant.parse("2026-01-02T03:04:05.678Z");
        SessionSpec spec = new SessionSpec(null, SyncMode.PER_GROUP,
                List.of(new ParticipantSpec("a", null, "red"), new ParticipantSpec("b", null, "blue")),
                60_000L, null, null, null, null, Map.of("k", "v"));
        SessionState s = SessionTransitions.start(SessionTransitions.create(spec,
                new SessionId(new UUID(1, 2)), new UserId(new UUID(3, 4)), t0), t0).after();

        Map<String, Object> view = SessionViews.state(s, t0.plusMillis(5));

        assertThat(view).containsKeys("sessionId", "ownerId", "syncMode", "status", "version", "participants",
                "activeParticipantId", "cycleStartedAt", "sessionStartedAt", "sessionCompletedAt",
                "timePerCycleMs", "incrementMs", "maxTimeMs", "actionOnTimeout", "metadata", "createdAt",
                "updatedAt", "serverTime");
        assertThat(view).containsEntry("syncMode", "per_group").containsEntry("status", "running")
                .containsEntry("actionOnTimeout", "end_session").containsEntry("version", 2L)
                .containsEntry("cycleStartedAt", "2026-01-02T03:04:05.678Z")
                .containsEntry("serverTime", "2026-01-02T03:04:05.683Z");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = (List<Map<String, Object>>) view.get("participants");
        assertThat(participants.get(0)).containsEntry("participantId", "a").containsEntry("isActive", true)
                .containsEntry("remainingMs", 60_000L).containsEntry("groupId", "red");
        assertThat(participants.get(1)).containsEntry("isActive", false).containsEntry("hasExpired", false);
    }
}
