package io.switchboard.adapters.out.security;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.switchboard.application.port.out.ApiKeyVerifier;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PasswordHasher;
import io.switchboard.application.port.out.TokenIssuer;
import io.switchboard.application.port.out.TokenVerifier;

import javax.crypto.SecretKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Map;

/** Factories for password hashing and JWTs. */
public final class SecurityAdapters {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Verified tokens remembered until they expire (about 1 MB at most). */
    static final int VERIFIED_TOKEN_CACHE_SIZE = 10_000;

    private SecurityAdapters() {
    }

    /** Waiting hashes per running one: a queue that drains in a few hash times. */
    static final int QUEUED_PER_PERMIT = 4;
    /** The longest a hash waits for its turn before the request is refused. */
    static final long MAX_WAIT_MS = 2_000;

    public static PasswordHasher pbkdf2(int iterations) {
        return new Pbkdf2PasswordHasher(iterations);
    }

    /**
     * PBKDF2 with at most {@code concurrency} hashes at once and {@value #QUEUED_PER_PERMIT} waiting per permit (for
     * at most {@value #MAX_WAIT_MS} ms); beyond that a request is refused with code 7 PASSWORD_HASHING_BUSY and
     * counted through {@link Metrics#httpRefused(String)}.
     */
    public static PasswordHasher boundedPbkdf2(int iterations, int concurrency, Metrics metrics) {
        return new BoundedPasswordHasher(new Pbkdf2PasswordHasher(iterations), concurrency,
                concurrency * QUEUED_PER_PERMIT, MAX_WAIT_MS, metrics);
    }

    /** Issues and verifies tokens; the returned object implements both TokenIssuer and TokenVerifier. */
    public static Tokens jwt(String secret, String issuer, Duration ttl, Clock clock) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        JjwtTokens tokens = new JjwtTokens(Keys.hmacShaKeyFor(bytes), issuer, ttl, clock);
        return new Tokens(tokens, new CachingTokenVerifier(tokens, clock,
                Duration.ofSeconds(JjwtTokens.CLOCK_SKEW_SECONDS), VERIFIED_TOKEN_CACHE_SIZE), null);
    }

    /**
     * As {@link #jwt(String, String, Duration, Clock)}, and besides Switchboard's own tokens the tokens of the app's
     * identity provider, verified with the keys of its JWKS (read once now, then refreshed every 5 minutes and on an
     * unknown kid at most once per 30 s). Close the returned Tokens to stop the refresh.
     */
    public static Tokens jwt(String secret, String issuer, Duration ttl, Clock clock, IdentityProvider provider) {
        Tokens own = jwt(secret, issuer, ttl, clock);
        JwksKeySource keys = new JwksKeySource(provider.jwksUrl(), JwksKeySource.DEFAULT_TIMEOUT,
                JwksKeySource.DEFAULT_MIN_REFETCH_INTERVAL, clock);
        keys.refresh();
        keys.startPeriodicRefresh(JwksKeySource.DEFAULT_REFRESH_INTERVAL);
        JjwtTokens ownTokens = (JjwtTokens) own.issuer;
        TokenVerifier routed = new RoutingTokenVerifier(ownTokens,
                new JwksTokenVerifier(keys, issuer, provider.audience(), clock));
        return new Tokens(ownTokens, new CachingTokenVerifier(routed, clock,
                Duration.ofSeconds(JjwtTokens.CLOCK_SKEW_SECONDS), VERIFIED_TOKEN_CACHE_SIZE), keys);
    }

    /** The app's identity provider: where its JWKS document is, and the audience ({@code aud}) its tokens must name. */
    public record IdentityProvider(URI jwksUrl, String audience) {
        public IdentityProvider {
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("an audience is required with a JWKS");
            }
        }
    }

    /** A fresh random secret, for a process started without JWT_SECRET (base64, 43 characters). */
    public static String randomSecret() {
        SecretKey key = Jwts.SIG.HS256.key().build();
        return Base64.getEncoder().withoutPadding().encodeToString(key.getEncoded());
    }

    /**
     * The API keys of API_KEYS: key name -> SHA-256 digest of its secret (see {@link #apiKeyDigest}). Secrets are
     * compared in constant time; none is kept.
     */
    public static ApiKeyVerifier apiKeys(Map<String, byte[]> digestsByName) {
        return new Sha256ApiKeys(digestsByName);
    }

    /** The SHA-256 digest of an API key's secret, the only form in which a secret is kept after start-up. */
    public static byte[] apiKeyDigest(String secret) {
        return Sha256ApiKeys.digest(secret);
    }

    /**
     * Both token ports backed by one key (and, when configured, the identity provider's keys); verification
     * remembers tokens that verified, until they expire.
     */
    public static final class Tokens implements AutoCloseable {
        private final TokenIssuer issuer;
        private final TokenVerifier verifier;
        private final JwksKeySource externalKeys;

        private Tokens(TokenIssuer issuer, TokenVerifier verifier, JwksKeySource externalKeys) {
            this.issuer = issuer;
            this.verifier = verifier;
            this.externalKeys = externalKeys;
        }

        /** Whether the identity provider's tokens are accepted (a JWKS is configured). */
        public boolean acceptsExternalTokens() {
            return externalKeys != null;
        }

        /** The identity provider's keys in use now (0 without a JWKS). */
        public int externalKeyCount() {
            return externalKeys == null ? 0 : externalKeys.keyCount();
        }

        /** Fetches of the JWKS document since start, and how many of them failed (0 without a JWKS). */
        public long externalKeyFetches() {
            return externalKeys == null ? 0 : externalKeys.fetchCount();
        }

        public long externalKeyFetchFailures() {
            return externalKeys == null ? 0 : externalKeys.failureCount();
        }

        /** Stops the periodic JWKS refresh. */
        @Override
        public void close() {
            if (externalKeys != null) {
                externalKeys.close();
            }
        }

        public TokenIssuer issuer() {
            return issuer;
        }

        public TokenVerifier verifier() {
            return verifier;
        }
    }
}
