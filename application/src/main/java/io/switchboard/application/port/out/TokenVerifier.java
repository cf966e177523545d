package io.switchboard.application.port.out;

import io.switchboard.domain.user.Caller;

import java.time.Instant;

/** Checks a token's signature, algorithm, issuer and expiry; anything wrong is {@code Unauthorized}. */
public interface TokenVerifier {
    VerifiedToken verify(String token);

    record VerifiedToken(Caller caller, Instant expiresAt) {
    }
}
