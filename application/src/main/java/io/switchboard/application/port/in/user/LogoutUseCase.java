package io.switchboard.application.port.in.user;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.user.Caller;

import java.util.Objects;

/**
 * Ends refresh-token families of the caller (docs/api.md): the family of the given refresh token, or with
 * {@code all} every family of the caller. Access tokens already issued stay valid until they expire.
 */
public interface LogoutUseCase {
    /** A token that is malformed, unknown, already revoked or another user's revokes nothing; that is no error. */
    void logout(Command command);

    /** At least one of {@code refreshToken} and {@code all = true}. */
    record Command(Caller caller, String refreshToken, boolean all) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Violations v = new Violations();
            if (!all && (refreshToken == null || refreshToken.isEmpty())) {
                v.add("body", "give refreshToken, or all: true");
            }
            v.throwIfAny();
        }

        @Override
        public String toString() {
            return "Logout[caller=" + caller.id() + ", all=" + all + "]";
        }
    }
}
