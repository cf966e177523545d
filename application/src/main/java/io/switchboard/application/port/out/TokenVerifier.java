package io.switchboard.application.port.out;

import io.switchboard.application.auth.VerifiedToken;

/** Checks a token's signature, algorithm, issuer and expiry; anything wrong is {@code Unauthorized}. */
public interface TokenVerifier {
    VerifiedToken verify(String token);
}
