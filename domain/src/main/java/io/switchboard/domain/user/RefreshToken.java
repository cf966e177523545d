package io.switchboard.domain.user;

import io.switchboard.domain.failure.Unauthorized;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A refresh token as the client holds it: {@code <userId>.<secret>}, the secret being 256 random bits in base64url
 * without padding (43 characters). The user id is in the clear so that the store can find the token's records
 * (keys grouped by user); the secret is what proves possession. The server keeps only {@link #hash()}, the SHA-256
 * of the whole token (docs/decisions.md, "Token refresh"). {@link #toString()} never shows the secret.
 */
public final class RefreshToken {
    /** 256 bits in base64url without padding. */
    public static final int SECRET_LENGTH = 43;
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{" + SECRET_LENGTH + "}");
    private static final int UUID_LENGTH = 36;

    private final UserId user;
    private final String value;

    private RefreshToken(UserId user, String value) {
        this.user = user;
        this.value = value;
    }

    /** A new token for {@code user} with the given secret (43 base64url characters from a secure random source). */
    public static RefreshToken of(UserId user, String secret) {
        Objects.requireNonNull(user, "user");
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("a refresh token secret is 43 base64url characters");
        }
        return new RefreshToken(user, user + "." + secret);
    }

    /**
     * Reads a token a client sent.
     *
     * @throws Unauthorized REFRESH_TOKEN_INVALID when it is not of the form {@code <uuid>.<43 base64url characters>}
     */
    public static RefreshToken parse(String text) {
        if (text == null || text.length() != UUID_LENGTH + 1 + SECRET_LENGTH || text.charAt(UUID_LENGTH) != '.') {
            throw invalid();
        }
        String id = text.substring(0, UUID_LENGTH);
        String secret = text.substring(UUID_LENGTH + 1);
        if (!SECRET.matcher(secret).matches()) {
            throw invalid();
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!uuid.toString().equals(id)) { // the canonical lower-case spelling the server issued
            throw invalid();
        }
        UserId user = new UserId(uuid);
        return new RefreshToken(user, user + "." + secret);
    }

    public UserId user() {
        return user;
    }

    /** The token as the client receives and sends it. */
    public String value() {
        return value;
    }

    /** SHA-256 of the token, lower-case hex: what the store keeps and looks up (64 characters). */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static Unauthorized invalid() {
        return new Unauthorized("REFRESH_TOKEN_INVALID", "the refresh token is not valid; log in again");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RefreshToken token && token.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "RefreshToken[user=" + user + "]";
    }
}
