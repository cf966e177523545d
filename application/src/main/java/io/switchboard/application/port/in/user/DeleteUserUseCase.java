package io.switchboard.application.port.in.user;

import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

public interface DeleteUserUseCase {
    /** Self or admin only (code 5); an unknown user is code 3. */
    void delete(Caller caller, UserId id);
}
