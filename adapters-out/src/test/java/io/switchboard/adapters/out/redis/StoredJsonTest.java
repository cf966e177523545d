package io.switchboard.adapters.out.redis;

import io.switchboard.domain.session.ActionOnTimeout;
import io.switchboard.domain.session.Participant;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.session.SyncStatus;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StoredJsonTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.123456789Z");

    @Test
    void aSessionWithEveryFieldSetRoundTripsExactly() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("deep", false);
        nested.put("nothing", null);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("text", "é \"quoted\" \n \uD83D\uDE00");
        metadata.put("int", 42);
        metadata.put("long", 9_007_199_254_740_993L); // beyond a double's exact integers
        metadata.put("min", Long.MIN_VALUE);
        metadata.put("huge", new BigInteger("123456789012345678901234567890"));
        metadata.put("fraction", -0.1);
        metadata.put("yes", true);
        metadata.put("null", null);
        metadata.put("list", Arrays.asList(1, "two", null, List.of(), Map.of()));
        metadata.put("object", nested);
        List<Participant> participants = new ArrayList<>();
        participants.add(new Participant("user:1", 0, 12_345L, 678L, 3, false, "red"));
        participants.add(new Participant("p-2", 1, null, 0L, 0, true, null));
        SessionState state = new SessionState(new SessionId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
                SyncMode.PER_GROUP, SyncStatus.RUNNING, Long.MAX_VALUE, participants, "user:1", T0.plusMillis(1),
                T0, null, 86_400_000L, null, 60_000L, 3_600_000L, ActionOnTimeout.SKIP, metadata, T0,
                T0.plusSeconds(1));

        SessionState back = StoredJson.session(StoredJson.session(state));

        assertThat(back).isEqualTo(state);
        assertThat(back.metadata().get("long")).isInstanceOf(Long.class);
        assertThat(back.metadata().get("int")).isInstanceOf(Integer.class);
        assertThat(back.metadata()).containsKey("null");
    }

    @Test
    void aPendingSessionWithNoOptionalFieldsRoundTripsExactly() {
        SessionState state = new SessionState(new SessionId(UUID.randomUUID()), new UserId(UUID.randomUUID()),
                SyncMode.COUNT_UP, SyncStatus.PENDING, 1, List.of(new Participant("a", 0, null, 0, 0, false, null)),
                null, null, null, null, null, null, 0, null, ActionOnTimeout.END_SESSION, null, T0, T0);

        assertThat(StoredJson.session(StoredJson.session(state))).isEqualTo(state);
    }
}
