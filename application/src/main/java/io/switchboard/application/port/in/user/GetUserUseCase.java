package io.switchboard.application.port.in.user;

import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.UserId;

public interface GetUserUseCase {
    /** @throws io.switchboard.domain.failure.NotFound USER_NOT_FOUND */
    PublicUser get(Caller caller, UserId id);
}
