package io.switchboard.application.testing;

import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.TokenIssuer;
import io.switchboard.application.port.out.TokenVerifier;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.user.User;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Opaque tokens remembered in a map: issued ones verify until their expiry by the given clock. */
public final class FakeTokens implements TokenIssuer, TokenVerifier {
    public static final Duration TTL = Duration.ofMinutes(15);
    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, VerifiedToken> issued = new ConcurrentHashMap<>();

    public FakeTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(User user) {
        String token = "token-" + counter.incrementAndGet();
        Instant expiresAt = clock.now().plus(TTL);
        issued.put(token, new VerifiedToken(user.asCaller(), expiresAt, user.credentialVersion()));
        return new IssuedToken(token, expiresAt);
    }

    @Override
    public VerifiedToken verify(String token) {
        VerifiedToken verified = issued.get(token);
        if (verified == null) {
            throw new Unauthorized("TOKEN_INVALID", "the token is not valid");
        }
        if (!clock.now().isBefore(verified.expiresAt())) {
            throw new Unauthorized("TOKEN_EXPIRED", "the token has expired");
        }
        return verified;
    }
}
