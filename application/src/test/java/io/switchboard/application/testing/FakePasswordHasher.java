package io.switchboard.application.testing;

import io.switchboard.application.port.out.PasswordHasher;

import java.util.concurrent.atomic.AtomicInteger;

/** A transparent, salted "hash" that counts its checks (a login must cost one check, found or not). */
public final class FakePasswordHasher implements PasswordHasher {
    private final AtomicInteger salts = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();

    @Override
    public String hash(String password) {
        return "fake$" + salts.incrementAndGet() + "$" + new StringBuilder(password).reverse();
    }

    @Override
    public boolean matches(String password, String storedHash) {
        checks.incrementAndGet();
        String[] parts = storedHash.split("\\$", 3);
        return parts.length == 3 && parts[0].equals("fake")
                && parts[2].equals(new StringBuilder(password).reverse().toString());
    }

    public int checks() {
        return checks.get();
    }
}
