package io.switchboard.application.port.in.user;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.user.PublicUser;

import java.time.Instant;

/** Exchanges a refresh token for a new access token and the next refresh token (rotation; docs/api.md). */
public interface RefreshTokenUseCase {
    /**
     * @throws io.switchboard.domain.failure.Unauthorized REFRESH_TOKEN_INVALID (malformed or unknown),
     *         REFRESH_TOKEN_EXPIRED, REFRESH_TOKEN_REVOKED (logout, password change, or a reuse detected earlier),
     *         REFRESH_TOKEN_REUSED (the token was spent already: its whole family is now revoked), USER_NOT_FOUND
     */
    Result refresh(Command command);

    record Command(String refreshToken) {
        public Command {
            Violations v = new Violations();
            v.check(refreshToken != null && !refreshToken.isEmpty(), "refreshToken", "is required");
            v.throwIfAny();
        }

        @Override
        public String toString() {
            return "Refresh[]";
        }
    }

    record Result(PublicUser user, String token, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {
        @Override
        public String toString() {
            return "RefreshResult[user=" + user.id() + ", expiresAt=" + expiresAt + ", refreshExpiresAt="
                    + refreshExpiresAt + "]";
        }
    }
}
