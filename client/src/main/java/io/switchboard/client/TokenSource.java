package io.switchboard.client;

import java.util.concurrent.CompletableFuture;

/**
 * Where connections get their token. The client asks before every connect ({@code forceRefresh} false: a still
 * fresh token will do), before the token expires and when the server says TOKEN_EXPIRED ({@code forceRefresh}
 * true). {@link Auth#tokenSource(Auth.Login)} is one that refreshes through POST /api/auth/refresh; an app with
 * its own identity provider implements this itself.
 */
@FunctionalInterface
public interface TokenSource {
    CompletableFuture<AccessToken> token(boolean forceRefresh);

    /** Always the same token (it cannot be refreshed: once it expires the connection ends). */
    static TokenSource fixed(String jwt) {
        AccessToken token = AccessToken.of(jwt);
        return force -> CompletableFuture.completedFuture(token);
    }
}
