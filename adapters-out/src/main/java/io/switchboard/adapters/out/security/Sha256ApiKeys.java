package io.switchboard.adapters.out.security;

import io.switchboard.application.port.out.ApiKeyVerifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API keys of API_KEYS, held only as SHA-256 digests of their secrets. A presented secret is hashed and compared
 * with every digest in constant time ({@link MessageDigest#isEqual}), all of them each time, so neither the match
 * nor its position shows in the time taken. (A plain hash is enough: the secrets are at least 32 random characters,
 * not passwords.)
 */
final class Sha256ApiKeys implements ApiKeyVerifier {
    private final Map<String, byte[]> digestsByName;

    Sha256ApiKeys(Map<String, byte[]> digestsByName) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        digestsByName.forEach((name, digest) -> copy.put(name, digest.clone()));
        this.digestsByName = copy;
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public Optional<String> nameOf(String secret) {
        byte[] presented = digest(secret);
        String found = null;
        for (Map.Entry<String, byte[]> key : digestsByName.entrySet()) {
            if (MessageDigest.isEqual(presented, key.getValue())) {
                found = key.getKey(); // no early exit: every key is compared every time
            }
        }
        return Optional.ofNullable(found);
    }
}
