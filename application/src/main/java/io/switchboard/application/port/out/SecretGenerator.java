package io.switchboard.application.port.out;

/** Secrets for bearer credentials (refresh tokens): 256 bits from a secure random source, base64url, 43 characters. */
public interface SecretGenerator {
    String newSecret();
}
