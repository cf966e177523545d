package io.switchboard.adapters.out.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.PrematureJwtException;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.TokenVerifier;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;

import java.io.IOException;
import java.security.Key;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Tokens of the app's own identity provider, verified with the keys of its JWKS (docs/integration.md, "Use your own
 * identity provider"). Every refusal is code 4 with its own reason:
 * <ul>
 *   <li>{@code TOKEN_KID_MISSING}: no {@code kid} in the header;</li>
 *   <li>{@code TOKEN_ALGORITHM_NOT_ALLOWED}: {@code none}, an algorithm we do not verify, or one the key with that
 *       kid is not pinned to (e.g. HS256 "signed" with an RSA key's public bytes);</li>
 *   <li>{@code TOKEN_KID_UNKNOWN}: no key with that kid, after at most one refetch (see {@link JwksKeySource});</li>
 *   <li>{@code TOKEN_INVALID}: malformed, bad signature, no {@code exp};</li>
 *   <li>{@code TOKEN_EXPIRED}, {@code TOKEN_NOT_YET_VALID} (30 s of clock skew either way);</li>
 *   <li>{@code TOKEN_ISSUER_INVALID}: {@code iss} is not JWT_ISSUER; {@code TOKEN_AUDIENCE_INVALID}: {@code aud}
 *       does not name JWT_AUDIENCE;</li>
 *   <li>{@code SUBJECT_INVALID}: {@code sub} missing or not 1..64 characters of [A-Za-z0-9_:-].</li>
 * </ul>
 * The caller is built from the claims: {@code sub} is the id, {@code name} (else {@code preferred_username}) the
 * display name (at most {@link #NAME_MAX} characters), {@code roles} (an array of strings) the roles, of which
 * {@code admin} counts; every caller is a {@code user}.
 */
final class JwksTokenVerifier implements TokenVerifier {
    static final int NAME_MAX = 100;
    private static final Set<String> VERIFIED_ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JwksKeySource keys;
    private final String issuer;
    private final String audience;
    private final JwtParser parser;

    JwksTokenVerifier(JwksKeySource keys, String issuer, String audience, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.parser = Jwts.parser()
                .keyLocator(new KeyLocator())
                .clockSkewSeconds(JjwtTokens.CLOCK_SKEW_SECONDS)
                .clock(() -> Date.from(clock.now()))
                .build();
    }

    /** What a token's header says, read without verifying anything (to route it and to refuse early). */
    record Header(String algorithm, String kid) {
    }

    /**
     * The header of a compact JWT, or null when it is not one (three dot-separated parts, the first a base64url
     * JSON object whose {@code alg} and {@code kid}, when present, are strings).
     */
    static Header peek(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot)));
            if (header == null || !header.isObject()) {
                return null;
            }
            JsonNode alg = header.get("alg");
            JsonNode kid = header.get("kid");
            if ((alg != null && !alg.isTextual()) || (kid != null && !kid.isTextual())) {
                return null;
            }
            return new Header(alg == null ? null : alg.textValue(), kid == null ? null : kid.textValue());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a token with this header is one of the identity provider's: it names a key, or a public-key algorithm. */
    static boolean isExternal(Header header) {
        String alg = header.algorithm();
        return header.kid() != null || (alg != null
                && (alg.startsWith("RS") || alg.startsWith("ES") || alg.startsWith("PS") || alg.equals("EdDSA")));
    }

    @Override
    public VerifiedToken verify(String token) {
        Header header = peek(token);
        if (header == null) {
            throw invalid("the token is not valid");
        }
        if (header.kid() == null || header.kid().isEmpty()) {
            throw new Unauthorized("TOKEN_KID_MISSING", "the token names no key (kid)");
        }
        if (header.algorithm() == null || !VERIFIED_ALGORITHMS.contains(header.algorithm())) {
            throw algorithmNotAllowed();
        }
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token); // the KeyLocator below looks the kid up and pins the algorithm
        } catch (ExpiredJwtException e) {
            throw new Unauthorized("TOKEN_EXPIRED", "the token has expired");
        } catch (PrematureJwtException e) {
            throw new Unauthorized("TOKEN_NOT_YET_VALID", "the token is not valid yet");
        } catch (JwtException | IllegalArgumentException e) {
            throw invalid("the token is not valid");
        }
        Claims claims = jws.getPayload();
        if (claims.getExpiration() == null) {
            throw invalid("the token has no expiry (exp)");
        }
        if (!issuer.equals(stringClaim(claims, Claims.ISSUER))) {
            throw new Unauthorized("TOKEN_ISSUER_INVALID", "the token's issuer (iss) is not the expected one");
        }
        if (!audienceMatches(claims)) {
            throw new Unauthorized("TOKEN_AUDIENCE_INVALID", "the token's audience (aud) does not name this server");
        }
        String subject = stringClaim(claims, Claims.SUBJECT);
        if (!UserId.isValid(subject)) {
            throw new Unauthorized("SUBJECT_INVALID",
                    "the token's subject (sub) must be 1 to " + UserId.MAX_LENGTH + " characters of [A-Za-z0-9_:-]");
        }
        Caller caller = Caller.external(new UserId(subject), roles(claims.get("roles")), displayName(claims));
        return new VerifiedToken(caller, claims.getExpiration().toInstant());
    }

    private boolean audienceMatches(Claims claims) {
        Object aud = claims.get(Claims.AUDIENCE);
        if (aud instanceof String single) {
            return audience.equals(single);
        }
        if (aud instanceof java.util.Collection<?> many) {
            return many.contains(audience);
        }
        return false;
    }

    private static String stringClaim(Claims claims, String name) {
        return claims.get(name) instanceof String text ? text : null;
    }

    private static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.of(Role.USER);
        if (claim instanceof List<?> names && names.contains(Role.ADMIN.wireName())) {
            roles.add(Role.ADMIN);
        }
        return roles;
    }

    private static String displayName(Claims claims) {
        for (String claim : List.of("name", "preferred_username")) {
            String value = stringClaim(claims, claim);
            if (value != null && !value.isBlank()) {
                String name = value.strip();
                return name.codePointCount(0, name.length()) <= NAME_MAX
                        ? name : name.substring(0, name.offsetByCodePoints(0, NAME_MAX));
            }
        }
        return null;
    }

    private static Unauthorized invalid(String message) {
        return new Unauthorized("TOKEN_INVALID", message);
    }

    private static Unauthorized algorithmNotAllowed() {
        return new Unauthorized("TOKEN_ALGORITHM_NOT_ALLOWED",
                "the token's algorithm (alg) is not one its key allows (RS256, ES256 or EdDSA, pinned per key)");
    }

    /** Finds the kid's key and refuses an algorithm the key is not pinned to. Its failures reach verify() as they are. */
    private final class KeyLocator extends LocatorAdapter<Key> {
        @Override
        protected Key locate(JwsHeader header) {
            String kid = header.getKeyId();
            if (kid == null) {
                throw new Unauthorized("TOKEN_KID_MISSING", "the token names no key (kid)");
            }
            JwksKeySource.VerificationKey key = keys.find(kid)
                    .orElseThrow(() -> new Unauthorized("TOKEN_KID_UNKNOWN", "no key of the identity provider has this kid"));
            if (!key.algorithms().contains(header.getAlgorithm())) {
                throw algorithmNotAllowed();
            }
            return key.key();
        }
    }
}
