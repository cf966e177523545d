package io.switchboard.application.port.out;

import io.switchboard.domain.user.User;

import java.time.Instant;

public interface TokenIssuer {
    IssuedToken issue(User user);

    record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]";
        }
    }
}
