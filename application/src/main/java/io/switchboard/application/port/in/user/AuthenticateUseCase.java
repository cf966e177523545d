package io.switchboard.application.port.in.user;

import io.switchboard.application.port.out.TokenVerifier.VerifiedToken;

/** Turns a bearer token into the caller it names, or fails with code 4. */
public interface AuthenticateUseCase {
    /**
     * @throws io.switchboard.domain.failure.Unauthorized TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED,
     *         or USER_NOT_FOUND when the account was deleted after the token was issued
     */
    VerifiedToken authenticate(String bearerToken);
}
