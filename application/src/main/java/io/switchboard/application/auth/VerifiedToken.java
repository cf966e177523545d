package io.switchboard.application.auth;

import io.switchboard.domain.user.Caller;

import java.time.Instant;

/**
 * What a valid token says: the caller (with the roles the token carries), its expiry, and the user's credential
 * version it was issued for (0 when the token names none), which the account service compares with the stored
 * user's to refuse tokens issued before a password change. Shared by the token verifier (an out-port) and the
 * authenticate use case (an in-port), so it lives in neither.
 */
public record VerifiedToken(Caller caller, Instant expiresAt, long credentialVersion) {
    public VerifiedToken(Caller caller, Instant expiresAt) {
        this(caller, expiresAt, 0);
    }
}
