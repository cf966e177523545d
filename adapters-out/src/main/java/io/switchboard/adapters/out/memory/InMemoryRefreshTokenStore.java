package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refresh tokens in memory, by hash. One monitor serialises every call (refreshes are rare next to other traffic),
 * which makes a rotation one step. Families whose records passed their retention ({@code expiry +}
 * {@link RefreshTokenStore#RETENTION}) are forgotten by a sweep that runs at most once a minute, on a create.
 */
final class InMemoryRefreshTokenStore implements RefreshTokenStore {
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<UserId, Map<UUID, Family>> families = new HashMap<>();
    private Instant nextSweep = Instant.MIN;

    private static final class Family {
        final UUID id;
        final UserId user;
        final long credentialVersion;
        final Instant expiresAt;
        final List<String> hashes = new ArrayList<>();
        Cause revoked;

        Family(UUID id, UserId user, long credentialVersion, Instant expiresAt) {
            this.id = id;
            this.user = user;
            this.credentialVersion = credentialVersion;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Token {
        final Family family;
        boolean spent;

        Token(Family family) {
            this.family = family;
        }
    }

    @Override
    public synchronized void create(NewFamily created) {
        sweep(created.createdAt());
        Family family = new Family(created.familyId(), created.user(), created.credentialVersion(),
                created.expiresAt());
        family.hashes.add(created.tokenHash());
        families.computeIfAbsent(created.user(), u -> new LinkedHashMap<>()).put(family.id, family);
        tokens.put(created.tokenHash(), new Token(family));
    }

    @Override
    public synchronized Rotation rotate(UserId user, String presentedHash, String nextHash, long credentialVersion,
                                        Instant now) {
        Token token = tokens.get(presentedHash);
        if (token == null || !token.family.user.equals(user) || forgotten(token.family, now)) {
            return Rotation.of(Outcome.UNKNOWN);
        }
        Family family = token.family;
        if (!now.isBefore(family.expiresAt)) {
            return new Rotation(Outcome.EXPIRED, family.id, family.expiresAt, null);
        }
        if (token.spent) {
            if (family.revoked == null) {
                family.revoked = Cause.REUSE;
            }
            return new Rotation(Outcome.REUSED, family.id, family.expiresAt, family.revoked);
        }
        if (family.revoked != null) {
            return new Rotation(Outcome.REVOKED, family.id, family.expiresAt, family.revoked);
        }
        if (family.credentialVersion != credentialVersion) {
            family.revoked = Cause.PASSWORD_CHANGED;
            return new Rotation(Outcome.REVOKED, family.id, family.expiresAt, Cause.PASSWORD_CHANGED);
        }
        token.spent = true;
        family.hashes.add(nextHash);
        tokens.put(nextHash, new Token(family));
        return new Rotation(Outcome.ROTATED, family.id, family.expiresAt, null);
    }

    @Override
    public synchronized boolean revokeFamily(UserId user, String tokenHash, Cause cause, Instant now) {
        Token token = tokens.get(tokenHash);
        if (token == null || !token.family.user.equals(user) || token.family.revoked != null
                || !now.isBefore(token.family.expiresAt)) {
            return false;
        }
        token.family.revoked = cause;
        return true;
    }

    @Override
    public synchronized int revokeAll(UserId user, Cause cause, Instant now) {
        int revoked = 0;
        for (Family family : families.getOrDefault(user, Map.of()).values()) {
            if (family.revoked == null && now.isBefore(family.expiresAt)) {
                family.revoked = cause;
                revoked++;
            }
        }
        return revoked;
    }

    /** Families kept, for tests that prove the sweep forgets them. */
    synchronized int familyCount() {
        return families.values().stream().mapToInt(Map::size).sum();
    }

    private static boolean forgotten(Family family, Instant now) {
        return !now.isBefore(family.expiresAt.plus(RETENTION));
    }

    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        for (Iterator<Map<UUID, Family>> users = families.values().iterator(); users.hasNext(); ) {
            Map<UUID, Family> ofUser = users.next();
            for (Iterator<Family> it = ofUser.values().iterator(); it.hasNext(); ) {
                Family family = it.next();
                if (forgotten(family, now)) {
                    family.hashes.forEach(tokens::remove);
                    it.remove();
                }
            }
            if (ofUser.isEmpty()) {
                users.remove();
            }
        }
    }
}
