package io.switchboard.application.port.out;

import io.switchboard.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Refresh tokens of Switchboard's own accounts, kept only as hashes (docs/decisions.md, "Token refresh"). Every
 * token belongs to a family (the tokens descended from one login, by rotation); all tokens of a family share the
 * family's expiry and the user's credential version at login. Records stay for {@link #RETENTION} after their
 * expiry, so that a late token is told apart as expired rather than unknown, then the store forgets them.
 *
 * <p>Every method is atomic per user, on every instance: of two concurrent rotations of one token exactly one wins.
 */
public interface RefreshTokenStore {
    /** How long records are kept after their family expired, to answer EXPIRED instead of INVALID. */
    Duration RETENTION = Duration.ofDays(1);

    /** Stores the first token of a new family (a login). */
    void create(NewFamily family);

    /**
     * Checks the token with hash {@code presentedHash} of {@code user} and, when it may be used, marks it spent and
     * stores {@code nextHash} as the family's next token, in one atomic step. In this order:
     * <ol>
     *   <li>no such token (or its records were forgotten): {@link Outcome#UNKNOWN};</li>
     *   <li>its family expired at or before {@code now}: {@link Outcome#EXPIRED};</li>
     *   <li>the token was spent already (reuse): the family is revoked with cause {@link Cause#REUSE} (unless it
     *       was revoked before: it keeps its first cause), {@link Outcome#REUSED};</li>
     *   <li>its family was revoked: {@link Outcome#REVOKED} with the family's revocation cause;</li>
     *   <li>the family was issued for another credential version than {@code credentialVersion} (the password was
     *       changed): the family is revoked with cause {@link Cause#PASSWORD_CHANGED}, {@link Outcome#REVOKED};</li>
     *   <li>else {@link Outcome#ROTATED}: the token is spent, {@code nextHash} belongs to the family.</li>
     * </ol>
     */
    Rotation rotate(UserId user, String presentedHash, String nextHash, long credentialVersion, Instant now);

    /**
     * Revokes the family of the token with hash {@code tokenHash}, if that token belongs to {@code user} and its
     * family is still active. A family already revoked keeps its first cause.
     *
     * @return whether a family was revoked by this call
     */
    boolean revokeFamily(UserId user, String tokenHash, Cause cause, Instant now);

    /**
     * Revokes every active family of {@code user}.
     *
     * @return how many families this call revoked
     */
    int revokeAll(UserId user, Cause cause, Instant now);

    /** Why a family was revoked. */
    enum Cause {
        LOGOUT,
        REUSE,
        PASSWORD_CHANGED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Cause fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    enum Outcome {
        ROTATED,
        UNKNOWN,
        EXPIRED,
        REVOKED,
        REUSED
    }

    /**
     * The first token of a family.
     *
     * @param credentialVersion the user's credential version at login
     */
    record NewFamily(UserId user, UUID familyId, String tokenHash, long credentialVersion, Instant createdAt,
                     Instant expiresAt) {
        public NewFamily {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(familyId, "familyId");
            Objects.requireNonNull(tokenHash, "tokenHash");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (!expiresAt.isAfter(createdAt)) {
                throw new IllegalArgumentException("a family expires after it is created");
            }
        }
    }

    /**
     * What {@link #rotate} did.
     *
     * @param expiresAt the family's expiry (for ROTATED: the next token's), else null
     * @param cause     for REVOKED and REUSED: why the family is revoked, else null
     */
    record Rotation(Outcome outcome, UUID familyId, Instant expiresAt, Cause cause) {
        public Rotation {
            Objects.requireNonNull(outcome, "outcome");
        }

        public static Rotation of(Outcome outcome) {
            return new Rotation(outcome, null, null, null);
        }
    }
}
