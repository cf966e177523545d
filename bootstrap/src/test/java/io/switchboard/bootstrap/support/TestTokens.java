package io.switchboard.bootstrap.support;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.MacAlgorithm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints JWTs the way the server does (HS256, its secret and issuer, claims sub/email/roles/iat/exp/iss), and
 * lets a test break exactly one property: the algorithm, the key, the issuer, the expiry, or the signature.
 *
 * <pre>{@code
 * String bad = server.tokens().forUser(id).expiresIn(Duration.ofHours(-1)).mint();
 * String bad = server.tokens().forUser(id).signedWith(Jwts.SIG.HS512).mint();
 * }</pre>
 */
public final class TestTokens {
    private final String secret;
    private final String issuer;

    TestTokens(String secret, String issuer) {
        this.secret = secret;
        this.issuer = issuer;
    }

    public Builder forUser(String userId) {
        return new Builder(userId);
    }

    public final class Builder {
        private final String subject;
        private String email = "someone@switchboard.test";
        private List<String> roles = List.of("user");
        private String tokenIssuer = issuer;
        private String key = secret;
        private MacAlgorithm algorithm = Jwts.SIG.HS256;
        private boolean unsigned;
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofMinutes(15);
        private final java.util.Map<String, Object> extraClaims = new java.util.LinkedHashMap<>();

        private Builder(String subject) {
            this.subject = subject;
        }

        public Builder email(String value) {
            this.email = value;
            return this;
        }

        public Builder roles(String... values) {
            this.roles = List.of(values);
            return this;
        }

        /** Any further claim, e.g. {@code cv} (the credential version) with a value of any JSON type. */
        public Builder claim(String name, Object value) {
            this.extraClaims.put(name, value);
            return this;
        }

        public Builder issuer(String value) {
            this.tokenIssuer = value;
            return this;
        }

        /** Signs with another secret (at least 64 bytes, so that every HMAC algorithm accepts it). */
        public Builder key(String otherSecret) {
            this.key = otherSecret;
            return this;
        }

        public Builder signedWith(MacAlgorithm value) {
            this.algorithm = value;
            return this;
        }

        /** {@code alg: none}, no signature. */
        public Builder unsigned() {
            this.unsigned = true;
            return this;
        }

        public Builder issuedAt(Instant value) {
            this.issuedAt = value;
            return this;
        }

        /** exp = issuedAt + lifetime; a negative lifetime gives a token that expired before it was issued... */
        public Builder expiresIn(Duration value) {
            this.lifetime = value;
            return this;
        }

        /** ...so prefer this for an expired token: exp is {@code ago} before now. */
        public Builder expiredAgo(Duration ago) {
            Instant now = Instant.now();
            this.issuedAt = now.minus(ago).minus(Duration.ofMinutes(15));
            this.lifetime = Duration.ofMinutes(15);
            return this;
        }

        public String mint() {
            JwtBuilder builder = Jwts.builder()
                    .subject(subject)
                    .claim("email", email)
                    .claim("roles", roles)
                    .issuer(tokenIssuer)
                    .issuedAt(Date.from(issuedAt))
                    .expiration(Date.from(issuedAt.plus(lifetime)));
            extraClaims.forEach(builder::claim);
            if (unsigned) {
                return builder.compact();
            }
            return builder.signWith(Keys.hmacShaKeyFor(key.getBytes(StandardCharsets.UTF_8)), algorithm).compact();
        }
    }
}
