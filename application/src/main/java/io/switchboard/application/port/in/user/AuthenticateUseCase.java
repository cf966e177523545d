package io.switchboard.application.port.in.user;

import io.switchboard.application.auth.VerifiedToken;

/** Turns a bearer token into the caller it names, or fails with code 4. */
public interface AuthenticateUseCase {
    /**
     * For a Switchboard token, the caller carries the roles the user has now (ADMIN_EMAILS as configured, the
     * stored user as it is), not the ones written in the token. For a token of the app's identity provider (an
     * {@link io.switchboard.domain.user.Caller#external() external} caller) there is no stored user: the caller is
     * what the verified claims say.
     *
     * @throws io.switchboard.domain.failure.Unauthorized TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED,
     *         USER_NOT_FOUND when the account was deleted after the token was issued, TOKEN_REVOKED when the
     *         password was changed after the token was issued, the identity provider's reasons of the verifier
     *         (docs/api.md), or SUBJECT_INVALID when an external token's subject is a Switchboard account's id
     */
    VerifiedToken authenticate(String bearerToken);
}
