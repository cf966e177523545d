package io.switchboard.adapters.out.security;

import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.testing.TestClock;
import io.switchboard.application.port.out.TokenVerifier;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingTokenVerifierTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final TestClock clock = new TestClock(T0);
    private final AtomicInteger checks = new AtomicInteger();
    /** Accepts tokens named "good-<n>", expiring a minute after T0; refuses anything else. */
    private final TokenVerifier signatureCheck = token -> {
        checks.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new Unauthorized("TOKEN_INVALID", "bad");
        }
        if (!clock.now().isBefore(T0.plusSeconds(60).plus(SKEW))) {
            throw new Unauthorized("TOKEN_EXPIRED", "expired");
        }
        return new VerifiedToken(new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER)),
                T0.plusSeconds(60));
    };

    @Test
    void aTokenThatVerifiedIsNotCheckedAgainUntilItExpires() {
        CachingTokenVerifier verifier = new CachingTokenVerifier(signatureCheck, clock, SKEW, 100);

        VerifiedToken first = verifier.verify("good-1");
        clock.advance(80_000);
        assertThat(verifier.verify("good-1")).isSameAs(first);
        assertThat(checks).hasValue(1);

        clock.advance(10_000); // exp + skew reached: no longer valid
        assertThatThrownBy(() -> verifier.verify("good-1")).isInstanceOf(Unauthorized.class)
                .hasMessage("expired");
        assertThat(verifier.size()).isZero();
    }

    @Test
    void aBadTokenIsCheckedEveryTimeAndNeverRemembered() {
        CachingTokenVerifier verifier = new CachingTokenVerifier(signatureCheck, clock, SKEW, 100);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> verifier.verify("forged")).isInstanceOf(Unauthorized.class);
        }
        assertThat(checks).hasValue(3);
        assertThat(verifier.size()).isZero();
    }

    @Test
    void theTableNeverGrowsPastItsBound() {
        CachingTokenVerifier verifier = new CachingTokenVerifier(signatureCheck, clock, SKEW, 10);

        for (int i = 0; i < 95; i++) {
            verifier.verify("good-" + i);
            assertThat(verifier.size()).isLessThanOrEqualTo(10);
        }
        verifier.verify("good-94");
        assertThat(checks).hasValue(95); // the newest is still remembered
    }
}
