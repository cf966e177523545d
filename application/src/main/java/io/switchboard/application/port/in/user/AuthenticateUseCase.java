package io.switchboard.application.port.in.user;

import io.switchboard.application.auth.VerifiedToken;

/** Turns a bearer token into the caller it names, or fails with code 4. */
public interface AuthenticateUseCase {
    /**
     * The caller carries the roles the user has now (ADMIN_EMAILS as configured, the stored user as it is), not the
     * ones written in the token.
     *
     * @throws io.switchboard.domain.failure.Unauthorized TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED,
     *         USER_NOT_FOUND when the account was deleted after the token was issued, or TOKEN_REVOKED when the
     *         password was changed after the token was issued
     */
    VerifiedToken authenticate(String bearerToken);
}
