package io.switchboard.application.port.out;

/** A salted slow hash whose parameters travel inside the stored value. */
public interface PasswordHasher {
    String hash(String password);

    boolean matches(String password, String storedHash);
}
