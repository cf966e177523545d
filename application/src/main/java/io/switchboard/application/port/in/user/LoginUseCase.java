package io.switchboard.application.port.in.user;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.user.PublicUser;

import java.time.Instant;

public interface LoginUseCase {
    /** @throws io.switchboard.domain.failure.Unauthorized INVALID_CREDENTIALS, the same for unknown e-mail and wrong password */
    Result login(Command command);

    record Command(String email, String password) {
        public Command {
            Violations v = new Violations();
            v.check(email != null && !email.isBlank(), "email", "is required");
            v.check(password != null && !password.isEmpty(), "password", "is required");
            v.throwIfAny();
        }

        @Override
        public String toString() {
            return "Login[email=" + email + "]";
        }
    }

    /**
     * The user, an access token, and a refresh token (null when the service issues none) with its expiry
     * (docs/api.md, "Token refresh").
     */
    record Result(PublicUser user, String token, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {
        public Result(PublicUser user, String token, Instant expiresAt) {
            this(user, token, expiresAt, null, null);
        }

        @Override
        public String toString() {
            return "LoginResult[user=" + user.id() + ", expiresAt=" + expiresAt + ", refreshExpiresAt="
                    + refreshExpiresAt + "]";
        }
    }
}
