package io.switchboard.application.port.out;

import io.switchboard.domain.user.Caller;

import java.time.Instant;

/** Checks a token's signature, algorithm, issuer and expiry; anything wrong is {@code Unauthorized}. */
public interface TokenVerifier {
    VerifiedToken verify(String token);

    /**
     * What a valid token says: the caller (with the roles the token carries), its expiry, and the user's credential
     * version it was issued for (0 when the token names none), which the account service compares with the stored
     * user's to refuse tokens issued before a password change.
     */
    record VerifiedToken(Caller caller, Instant expiresAt, long credentialVersion) {
        public VerifiedToken(Caller caller, Instant expiresAt) {
            this(caller, expiresAt, 0);
        }
    }
}
