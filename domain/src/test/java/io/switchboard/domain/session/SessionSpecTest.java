package io.switchboard.domain.session;

import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.ValidationFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionSpecTest {
    static final List<ParticipantSpec> TWO = List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b"));

    static SessionSpec global(List<ParticipantSpec> participants) {
        return new SessionSpec(null, SyncMode.GLOBAL, participants, 60_000L, null, null, null, null, null);
    }

    static List<String> fieldsOf(Executable build) {
        ValidationFailed e = assertThrows(ValidationFailed.class, build);
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void defaultsAreFilledIn() {
        SessionSpec spec = global(TWO);

        assertThat(spec.incrementMs()).isZero();
        assertThat(spec.actionOnTimeout()).isEqualTo(ActionOnTimeout.END_SESSION);
        assertThat(spec.metadata()).isEmpty();
    }

    @Test
    void syncModeIsRequired() {
        assertThat(fieldsOf(() -> new SessionSpec(null, null, TWO, 60_000L, null, null, null, null, null)))
                .containsExactly("syncMode");
    }

    @Test
    void anUnknownModeNameIsAValidationErrorOnSyncMode() {
        assertThatThrownBy(() -> SyncMode.parse("chess"))
                .isInstanceOfSatisfying(ValidationFailed.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("syncMode"));
        assertThat(SyncMode.parse("per_group")).isEqualTo(SyncMode.PER_GROUP);
        assertThat(ActionOnTimeout.parse("continue")).isEqualTo(ActionOnTimeout.CONTINUE);
    }

    @Test
    void participantsMustNumberOneToAThousand() {
        assertThat(fieldsOf(() -> global(List.of()))).containsExactly("participants");
        assertThat(fieldsOf(() -> global(null))).containsExactly("participants");
        List<ParticipantSpec> many = IntStream.range(0, 1001).mapToObj(i -> ParticipantSpec.of("p" + i)).toList();
        assertThat(fieldsOf(() -> global(many))).containsExactly("participants");
        assertThat(global(many.subList(0, 1000)).participants()).hasSize(1000);
    }

    @Test
    void aBadParticipantIdIsNamedByItsIndex() {
        List<ParticipantSpec> ps = List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b"),
                ParticipantSpec.of("has space"), ParticipantSpec.of("x".repeat(65)), ParticipantSpec.of(""),
                ParticipantSpec.of(null), ParticipantSpec.of("user:1_x-Y"));

        assertThat(fieldsOf(() -> global(ps))).containsExactly("participants[2].participantId",
                "participants[3].participantId", "participants[4].participantId", "participants[5].participantId");
    }

    @Test
    void aDuplicateParticipantIdIsNamed() {
        List<ParticipantSpec> ps = List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b"), ParticipantSpec.of("a"));

        ValidationFailed e = assertThrows(ValidationFailed.class, () -> global(ps));

        assertThat(e.errors()).containsExactly(
                new FieldError("participants[2].participantId", "duplicates participants[0].participantId"));
    }

    @Test
    void timesMustBeOneSecondToOneDay() {
        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.PER_PARTICIPANT,
                List.of(new ParticipantSpec("a", 999L, null), new ParticipantSpec("b", 86_400_001L, null)),
                999L, 86_400_001L, null, 0L, null, null)))
                .containsExactly("totalTimeMs", "timePerCycleMs", "maxTimeMs",
                        "participants[0].totalTimeMs", "participants[1].totalTimeMs");
        assertThat(new SessionSpec(null, SyncMode.PER_CYCLE, TWO, null, 1_000L, null, 86_400_000L, null, null)
                .timePerCycleMs()).isEqualTo(1_000L);
    }

    @Test
    void incrementMustBeZeroToSixtySeconds() {
        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.GLOBAL, TWO, 60_000L, null, -1L, null, null, null)))
                .containsExactly("incrementMs");
        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.GLOBAL, TWO, 60_000L, null, 60_001L, null, null,
                null))).containsExactly("incrementMs");
        assertThat(new SessionSpec(null, SyncMode.GLOBAL, TWO, 60_000L, null, 60_000L, null, null, null)
                .incrementMs()).isEqualTo(60_000L);
    }

    @Test
    void metadataMustBeAtMostTenKilobytesSerialized() {
        Map<String, Object> fits = Map.of("k", "x".repeat(10 * 1024 - 8)); // {"k":"…"} is 8 bytes of syntax
        Map<String, Object> tooBig = Map.of("k", "x".repeat(10 * 1024 - 7));

        assertThat(new SessionSpec(null, SyncMode.COUNT_UP, TWO, null, null, null, null, null, fits).metadata())
                .isEqualTo(fits);
        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.COUNT_UP, TWO, null, null, null, null, null, tooBig)))
                .containsExactly("metadata");
    }

    @Test
    void metadataMustBeAJsonTree() {
        Map<String, Object> notJson = Map.of("when", new Object());

        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.COUNT_UP, TWO, null, null, null, null, null, notJson)))
                .containsExactly("metadata");
    }

    @Test
    void metadataIsCopiedAndFrozen() {
        Map<String, Object> inner = new HashMap<>(Map.of("n", 1));
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("inner", inner);
        metadata.put("nothing", null);
        metadata.put("list", new ArrayList<>(List.of(true, "s")));

        SessionSpec spec = new SessionSpec(null, SyncMode.COUNT_UP, TWO, null, null, null, null, null, metadata);
        inner.put("n", 2);

        assertThat(spec.metadata()).containsEntry("nothing", null);
        assertThat(spec.metadata().get("inner")).isEqualTo(Map.of("n", 1));
        assertThatThrownBy(() -> spec.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void perParticipantNeedsATotalOnTheSessionOrOnEveryParticipant() {
        List<ParticipantSpec> ps = List.of(new ParticipantSpec("a", 5_000L, null), ParticipantSpec.of("b"));

        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.PER_PARTICIPANT, ps, null, null, null, null, null,
                null))).containsExactly("participants[1].totalTimeMs");
        new SessionSpec(null, SyncMode.PER_PARTICIPANT, ps, 9_000L, null, null, null, null, null);
        new SessionSpec(null, SyncMode.PER_PARTICIPANT, List.of(ps.get(0)), null, null, null, null, null, null);
    }

    @Test
    void perCycleNeedsTimePerCycle() {
        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.PER_CYCLE, TWO, 60_000L, null, null, null, null,
                null))).containsExactly("timePerCycleMs");
    }

    @Test
    void globalNeedsTotalTime() {
        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.GLOBAL, TWO, null, 5_000L, null, null, null, null)))
                .containsExactly("totalTimeMs");
    }

    @Test
    void countUpNeedsNothing() {
        assertThat(new SessionSpec(null, SyncMode.COUNT_UP, TWO, null, null, null, null, null, null).maxTimeMs())
                .isNull();
    }

    @Test
    void perGroupNeedsTotalTimeAndAGroupOnEveryParticipant() {
        List<ParticipantSpec> ps = List.of(new ParticipantSpec("a", null, "red"), ParticipantSpec.of("b"),
                new ParticipantSpec("c", null, "no spaces"));

        assertThat(fieldsOf(() -> new SessionSpec(null, SyncMode.PER_GROUP, ps, null, null, null, null, null, null)))
                .containsExactly("participants[1].groupId", "participants[2].groupId", "totalTimeMs");
    }
}
