package io.switchboard.adapters.out.system;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.SecretGenerator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** The system clock (millisecond precision, the precision of every timestamp on the wire) and random UUIDs. */
public final class SystemAdapters {
    private SystemAdapters() {
    }

    public static Clock systemClock() {
        return () -> Instant.ofEpochMilli(System.currentTimeMillis());
    }

    public static IdGenerator randomIds() {
        return UUID::randomUUID;
    }

    /** 256-bit secrets from {@link SecureRandom}, base64url without padding (43 characters). */
    public static SecretGenerator secureSecrets() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
    }
}
