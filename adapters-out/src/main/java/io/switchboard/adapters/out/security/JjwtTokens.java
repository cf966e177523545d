package io.switchboard.adapters.out.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.TokenIssuer;
import io.switchboard.application.port.out.TokenVerifier;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * HS256 JWTs with jjwt. The algorithm is pinned: jjwt refuses unsigned tokens, and any signed token whose
 * header names another algorithm (even another HMAC one the key could verify) is refused here.
 * Claims: sub (user id), email, roles, iat, exp, iss, and {@code cv}: the user's credential version at issue (a
 * password change raises it, which revokes the token; see UserService). A token without {@code cv} names version 0.
 * 30 s of clock skew is allowed.
 */
final class JjwtTokens implements TokenIssuer, TokenVerifier {
    static final long CLOCK_SKEW_SECONDS = 30;
    static final String CREDENTIAL_VERSION_CLAIM = "cv";
    private static final String PINNED_ALGORITHM = "HS256";

    private final SecretKey key;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;
    private final JwtParser parser;

    JjwtTokens(SecretKey key, String issuer, Duration ttl, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(issuer)
                .clockSkewSeconds(CLOCK_SKEW_SECONDS)
                .clock(() -> Date.from(clock.now()))
                .build();
    }

    @Override
    public IssuedToken issue(User user) {
        Instant now = clock.now();
        Instant expiresAt = now.plus(ttl);
        String token = Jwts.builder()
                .subject(user.id().toString())
                .claim("email", user.email().value())
                .claim("roles", user.roles().stream().map(Role::wireName).sorted().toList())
                .claim(CREDENTIAL_VERSION_CLAIM, user.credentialVersion())
                .issuer(issuer)
                .issuedAt(Date.from(now))
                .expiration(Date.from(expiresAt))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        return new IssuedToken(token, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    @Override
    public VerifiedToken verify(String token) {
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token);
        } catch (ExpiredJwtException e) {
            throw new Unauthorized("TOKEN_EXPIRED", "the token has expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw invalid();
        }
        if (!PINNED_ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
            throw invalid();
        }
        Claims claims = jws.getPayload();
        if (claims.getExpiration() == null || claims.getSubject() == null) {
            throw invalid();
        }
        try {
            UserId id = new UserId(UUID.fromString(claims.getSubject()));
            return new VerifiedToken(new Caller(id, roles(claims.get("roles"))), claims.getExpiration().toInstant(),
                    credentialVersion(claims.get(CREDENTIAL_VERSION_CLAIM)));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static long credentialVersion(Object claim) {
        if (claim == null) {
            return 0;
        }
        if (claim instanceof Integer || claim instanceof Long) {
            long version = ((Number) claim).longValue();
            if (version >= 0) {
                return version;
            }
        }
        throw new IllegalArgumentException("cv must be a non-negative integer");
    }

    private static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.of(Role.USER);
        if (claim instanceof List<?> names) {
            for (Object name : names) {
                roles.add(Role.fromWireName(String.valueOf(name)));
            }
        }
        return roles;
    }

    private static Unauthorized invalid() {
        return new Unauthorized("TOKEN_INVALID", "the token is not valid");
    }
}
