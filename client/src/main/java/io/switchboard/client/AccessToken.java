package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * An access token (a JWT) and when it expires. {@link #toString()} never shows the token.
 */
public record AccessToken(String value, Instant expiresAt) {
    public AccessToken {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a token is needed");
        }
    }

    /** Reads {@code exp} from the JWT's payload (not verified: the server does that); no exp: never expires. */
    public static AccessToken of(String jwt) {
        Instant expires = Instant.MAX;
        String[] parts = jwt.split("\\.");
        if (parts.length >= 2) {
            try {
                byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
                JsonNode claims = Json.MAPPER.readTree(new String(payload, StandardCharsets.UTF_8));
                if (claims.path("exp").canConvertToLong()) {
                    expires = Instant.ofEpochSecond(claims.path("exp").asLong());
                }
            } catch (Exception e) {
                // Not a readable JWT: the server will say so; we just do not know its expiry.
            }
        }
        return new AccessToken(jwt, expires);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
