package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's pure parts: backoff, pattern matching, the clock estimate, a running clock, token expiry. */
class ClientUnitsTest {
    @Test
    void backoffIsFullJitterUpToAnExponentialCeilingCappedAt30s() {
        Backoff b = Backoff.defaults();
        assertThat(b.ceilingMs(0)).isEqualTo(1000);
        assertThat(b.ceilingMs(3)).isEqualTo(8000);
        assertThat(b.ceilingMs(5)).isEqualTo(30_000);
        assertThat(b.ceilingMs(500)).isEqualTo(30_000);
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0).delay(4)).isZero();
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.5).delay(2))
                .isEqualTo(Duration.ofMillis(2000));
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0).delay(9).toMillis())
                .isLessThan(30_000);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patternsMatchLikeTheServer() {
        assertThat(TopicPatterns.matches("a.*", "a.b")).isTrue();
        assertThat(TopicPatterns.matches("a.*", "a")).isFalse();
        assertThat(TopicPatterns.matches("a.**", "a")).isTrue();
        assertThat(TopicPatterns.matches("a.**.c", "a.x.y.c")).isTrue();
        assertThat(TopicPatterns.matches("a.**.c", "a.c")).isTrue();
        assertThat(TopicPatterns.matches("*.b.*", "x.b.y")).isTrue();
        assertThat(TopicPatterns.matches("*.b.*", "a.b")).isFalse();
        assertThat(TopicPatterns.isPattern("messages.channel.*")).isTrue();
        assertThat(TopicPatterns.isPattern("messages.channel.general")).isFalse();
    }

    @Test
    void theClockOffsetComesFromTheLowestRttSample() {
        ClockEstimator clock = new ClockEstimator();
        assertThat(clock.offsetMs()).isZero();
        clock.add(1000, 1040, 1120);   // rtt 40: offset 1120.5 - 1020 = 100.5
        clock.add(2000, 2004, 2101);   // rtt 4: offset 2101.5 - 2002 = 99.5
        clock.add(3000, 3100, 3200);   // rtt 100: a queued sample, ignored
        assertThat(clock.best().rttMs()).isEqualTo(4.0);
        assertThat(clock.offsetMs()).isEqualTo(99.5);
        for (int i = 0; i < ClockEstimator.WINDOW; i++) {
            clock.add(10_000 + i * 100, 10_010 + i * 100, 10_005 + i * 100);
        }
        assertThat(clock.size()).isEqualTo(ClockEstimator.WINDOW);
        assertThat(clock.best().rttMs()).as("old samples leave the window").isEqualTo(10.0);
    }

    @Test
    void theRunningClockIsCalculatedNotCounted() throws Exception {
        JsonNode json = Json.MAPPER.readTree("""
                {"sessionId":"s","version":3,"status":"running","syncMode":"per_participant",
                 "activeParticipantId":"bob","cycleStartedAt":"2026-01-01T00:00:00.000Z",
                 "participants":[{"participantId":"ada","remainingMs":50000},{"participantId":"bob","remainingMs":60000}]}""");
        SessionSnapshot s = new SessionSnapshot(json);
        double start = Instant.parse("2026-01-01T00:00:00.000Z").toEpochMilli();
        assertThat(s.remainingMs("bob", start + 1500)).isEqualTo(OptionalLong.of(58_500));
        assertThat(s.remainingMs("ada", start + 1500)).as("not running").isEqualTo(OptionalLong.of(50_000));
        assertThat(s.remainingMs("bob", start + 61_000)).as("overtime").isEqualTo(OptionalLong.of(-1000));
        assertThat(s.remainingMs("nobody", start)).isEmpty();
    }

    @Test
    void aTokensExpiryIsReadFromItsPayloadAndNeverPrinted() {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"u\",\"exp\":1800000000}".getBytes(StandardCharsets.UTF_8));
        AccessToken token = AccessToken.of("eyJhbGciOiJIUzI1NiJ9." + payload + ".sig");
        assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(token.toString()).doesNotContain(payload);
        assertThat(AccessToken.of("opaque").expiresAt()).isEqualTo(Instant.MAX);
        assertThat(Auth.refreshMargin(Instant.EPOCH, Instant.EPOCH.plusSeconds(900))).isEqualTo(Duration.ofSeconds(60));
        assertThat(Auth.refreshMargin(Instant.EPOCH, Instant.EPOCH.plusSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    }
}
