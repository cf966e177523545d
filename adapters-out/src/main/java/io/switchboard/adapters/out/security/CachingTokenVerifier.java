package io.switchboard.adapters.out.security;

import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.TokenVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that verified, until they expire: the same token comes back on every REST call and every
 * WebSocket reconnect, and checking its signature again was the largest single cost of an authenticated request.
 * Only successes are kept (a bad token is checked every time), an entry is dropped once its token would no longer
 * verify ({@code exp} plus the allowed skew), and the table is bounded: when full, expired entries go first, and if
 * none have expired the table is emptied (it refills from the next requests).
 */
final class CachingTokenVerifier implements TokenVerifier {
    private final TokenVerifier delegate;
    private final Clock clock;
    private final Duration skew;
    private final int maxEntries;
    private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();

    CachingTokenVerifier(TokenVerifier delegate, Clock clock, Duration skew, int maxEntries) {
        this.delegate = delegate;
        this.clock = clock;
        this.skew = skew;
        this.maxEntries = maxEntries;
    }

    @Override
    public VerifiedToken verify(String token) {
        Instant now = clock.now();
        VerifiedToken known = verified.get(token);
        if (known != null) {
            if (stillValid(known, now)) {
                return known;
            }
            verified.remove(token, known);
        }
        VerifiedToken fresh = delegate.verify(token); // throws for anything that is not a valid token
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(entry -> !stillValid(entry, now));
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(token, fresh);
        return fresh;
    }

    int size() {
        return verified.size();
    }

    private boolean stillValid(VerifiedToken token, Instant now) {
        return now.isBefore(token.expiresAt().plus(skew));
    }
}
