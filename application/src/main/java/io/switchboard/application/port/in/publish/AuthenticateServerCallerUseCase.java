package io.switchboard.application.port.in.publish;

import io.switchboard.domain.publish.ServerCaller;

/** Who may use the server API: an admin's token or an API key (docs/api.md, "Publishing from your backend"). */
public interface AuthenticateServerCallerUseCase {
    /**
     * @throws io.switchboard.domain.failure.Unauthorized code 4 as for every token (TOKEN_MISSING, TOKEN_INVALID...)
     * @throws io.switchboard.domain.failure.Forbidden    code 5 NOT_ALLOWED when the user is not an admin
     */
    ServerCaller withToken(String bearerToken);

    /** @throws io.switchboard.domain.failure.Unauthorized code 4 API_KEY_INVALID when no key has this secret */
    ServerCaller.ApiKey withApiKey(String secret);
}
