package io.switchboard.application.port.out;

import java.util.Optional;

/** Tells which configured API key (API_KEYS) a presented secret is, comparing in constant time. */
public interface ApiKeyVerifier {
    /** The name of the key whose secret this is, or empty when it is none of them. */
    Optional<String> nameOf(String secret);
}
