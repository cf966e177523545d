package io.switchboard.application.service.user;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.RefreshTokenStore.Cause;
import io.switchboard.application.port.out.SecretGenerator;
import io.switchboard.domain.user.RefreshToken;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Issues, rotates and revokes the refresh tokens of Switchboard's own accounts through a {@link RefreshTokenStore}
 * (docs/decisions.md, "Token refresh"). A login starts a family that lives {@code ttl} (JWT_REFRESH_TTL_SECONDS) from
 * the login, whatever the rotations; the account service decides what a rotation's outcome means for the caller.
 */
public final class RefreshTokens {
    private final RefreshTokenStore store;
    private final SecretGenerator secrets;
    private final IdGenerator ids;
    private final Clock clock;
    private final Duration ttl;

    public RefreshTokens(RefreshTokenStore store, SecretGenerator secrets, IdGenerator ids, Clock clock, Duration ttl) {
        this.store = Objects.requireNonNull(store);
        this.secrets = Objects.requireNonNull(secrets);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the refresh token lifetime must be positive");
        }
    }

    /** A token and its expiry, as the client gets them. */
    record Issued(RefreshToken token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    /** A rotation's outcome; {@code next} is set when it rotated. */
    record Rotated(RefreshTokenStore.Rotation rotation, Issued next) {
    }

    /** Starts a new family for {@code user} (a login), bound to the user's current credential version. */
    Issued issue(User user) {
        Instant now = clock.now();
        Instant expiresAt = Instant.ofEpochSecond(now.plus(ttl).getEpochSecond()); // whole seconds, as for JWTs
        if (!expiresAt.isAfter(now)) {
            expiresAt = expiresAt.plusSeconds(1);
        }
        RefreshToken token = RefreshToken.of(user.id(), secrets.newSecret());
        store.create(new RefreshTokenStore.NewFamily(user.id(), ids.newId(), token.hash(), user.credentialVersion(),
                now, expiresAt));
        return new Issued(token, expiresAt);
    }

    /** Spends {@code presented} and issues the family's next token, if the store allows it. */
    Rotated rotate(RefreshToken presented, User user) {
        RefreshToken next = RefreshToken.of(user.id(), secrets.newSecret());
        RefreshTokenStore.Rotation rotation = store.rotate(user.id(), presented.hash(), next.hash(),
                user.credentialVersion(), clock.now());
        return new Rotated(rotation, rotation.outcome() == RefreshTokenStore.Outcome.ROTATED
                ? new Issued(next, rotation.expiresAt()) : null);
    }

    /** Revokes the family of {@code token} if it is {@code owner}'s; anything else revokes nothing. */
    void logout(UserId owner, RefreshToken token) {
        if (token.user().equals(owner)) {
            store.revokeFamily(owner, token.hash(), Cause.LOGOUT, clock.now());
        }
    }

    /** Revokes every family of {@code user}. */
    void revokeAll(UserId user, Cause cause) {
        store.revokeAll(user, cause, clock.now());
    }
}
