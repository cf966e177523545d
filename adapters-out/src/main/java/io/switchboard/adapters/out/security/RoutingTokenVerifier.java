package io.switchboard.adapters.out.security;

import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.out.TokenVerifier;

/**
 * Switchboard's own tokens and the identity provider's side by side: a token whose header names a key ({@code kid})
 * or a public-key algorithm goes to the JWKS verifier, any other to the HS256 verifier (so a token without a kid
 * is judged exactly as when no JWKS is configured, {@code none} included).
 */
final class RoutingTokenVerifier implements TokenVerifier {
    private final TokenVerifier own;
    private final JwksTokenVerifier external;

    RoutingTokenVerifier(TokenVerifier own, JwksTokenVerifier external) {
        this.own = own;
        this.external = external;
    }

    @Override
    public VerifiedToken verify(String token) {
        JwksTokenVerifier.Header header = JwksTokenVerifier.peek(token);
        if (header != null && JwksTokenVerifier.isExternal(header)) {
            return external.verify(token);
        }
        return own.verify(token);
    }
}
