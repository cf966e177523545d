package io.switchboard.application.service.user;

import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.in.channel.RemoveUserFromChannelsUseCase;
import io.switchboard.application.port.in.user.DeleteUserUseCase;
import io.switchboard.application.port.in.user.GetUserUseCase;
import io.switchboard.application.port.in.user.LoginUseCase;
import io.switchboard.application.port.in.user.LogoutUseCase;
import io.switchboard.application.port.in.user.RefreshTokenUseCase;
import io.switchboard.application.port.in.user.RegisterUserUseCase;
import io.switchboard.application.port.in.user.UpdateUserUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.PasswordHasher;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.TokenIssuer;
import io.switchboard.application.port.out.TokenVerifier;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.event.UserEvent;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.RefreshToken;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts: register, log in, authenticate tokens, refresh them and log out, read, update and delete users.
 */
public final class UserService implements RegisterUserUseCase, LoginUseCase, AuthenticateUseCase,
        GetUserUseCase, UpdateUserUseCase, DeleteUserUseCase, RefreshTokenUseCase, LogoutUseCase {
    /** How often an update is applied again after losing a compare-and-set to a concurrent write. */
    static final int MAX_UPDATE_ATTEMPTS = 10;
    private static final Set<Role> USER_ROLES = Set.of(Role.USER);
    private static final Set<Role> ADMIN_ROLES = Set.of(Role.USER, Role.ADMIN);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenIssuer tokenIssuer;
    private final TokenVerifier tokenVerifier;
    private final EventPublisher events;
    private final Clock clock;
    private final IdGenerator ids;
    private final Set<Email> adminEmails;
    /** Verified against when the e-mail is unknown, so both failures of a login cost the same time. */
    private final String decoyHash;
    /** Null when this service issues no refresh tokens (then refresh answers REFRESH_TOKEN_INVALID). */
    private final RefreshTokens refreshTokens;
    /** Null when there are no declared channels to leave. */
    private final RemoveUserFromChannelsUseCase channelMemberships;

    /** Without refresh tokens: login answers an access token only. */
    public UserService(UserRepository users, PasswordHasher hasher, TokenIssuer tokenIssuer, TokenVerifier tokenVerifier,
                       EventPublisher events, Clock clock, IdGenerator ids, Set<Email> adminEmails) {
        this(users, hasher, tokenIssuer, tokenVerifier, events, clock, ids, adminEmails, null);
    }


    /** With refresh tokens (docs/api.md, "Token refresh"). */
    public UserService(UserRepository users, PasswordHasher hasher, TokenIssuer tokenIssuer, TokenVerifier tokenVerifier,
                       EventPublisher events, Clock clock, IdGenerator ids, Set<Email> adminEmails,
                       RefreshTokens refreshTokens) {
        this(users, hasher, tokenIssuer, tokenVerifier, events, clock, ids, adminEmails, refreshTokens, null);
    }

    /** With refresh tokens, and a deleted user leaves their channels ({@code channelMemberships}, may be null). */
    public UserService(UserRepository users, PasswordHasher hasher, TokenIssuer tokenIssuer, TokenVerifier tokenVerifier,
                       EventPublisher events, Clock clock, IdGenerator ids, Set<Email> adminEmails,
                       RefreshTokens refreshTokens, RemoveUserFromChannelsUseCase channelMemberships) {
        this.channelMemberships = channelMemberships;
        this.refreshTokens = refreshTokens;
        this.users = Objects.requireNonNull(users);
        this.hasher = Objects.requireNonNull(hasher);
        this.tokenIssuer = Objects.requireNonNull(tokenIssuer);
        this.tokenVerifier = Objects.requireNonNull(tokenVerifier);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
        this.adminEmails = Set.copyOf(adminEmails);
        this.decoyHash = hasher.hash("decoy-Password-1!");
    }

    @Override
    public PublicUser register(RegisterUserUseCase.Command command) {
        Email email = new Email(command.email());
        Instant now = clock.now();
        User user = withCurrentRoles(new User(new UserId(ids.newId()), email, command.name(),
                hasher.hash(command.password()), Set.of(Role.USER), now, now));
        users.insert(user);
        PublicUser view = user.toPublic();
        events.publish(new UserEvent(UserEvent.Kind.CREATED, view));
        return view;
    }

    @Override
    public LoginUseCase.Result login(LoginUseCase.Command command) {
        Optional<User> found = Email.isValid(command.email())
                ? users.findByEmail(new Email(command.email()))
                : Optional.empty();
        boolean matches = hasher.matches(command.password(), found.map(User::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            throw new Unauthorized("INVALID_CREDENTIALS", "invalid e-mail or password");
        }
        User user = withCurrentRoles(found.get());
        TokenIssuer.IssuedToken token = tokenIssuer.issue(user);
        if (refreshTokens == null) {
            return new LoginUseCase.Result(user.toPublic(), token.token(), token.expiresAt());
        }
        RefreshTokens.Issued refresh = refreshTokens.issue(user);
        return new LoginUseCase.Result(user.toPublic(), token.token(), token.expiresAt(), refresh.token().value(),
                refresh.expiresAt());
    }

    /**
     * Rotates the refresh token: the presented one is spent, the answer carries the family's next one and a new
     * access token whose roles follow ADMIN_EMAILS now, as at login. Presenting a spent token revokes its family.
     */
    @Override
    public RefreshTokenUseCase.Result refresh(RefreshTokenUseCase.Command command) {
        RefreshToken presented = RefreshToken.parse(command.refreshToken());
        if (refreshTokens == null) {
            throw RefreshToken.invalid();
        }
        User user = users.findById(presented.user())
                .map(this::withCurrentRoles)
                .orElseThrow(() -> new Unauthorized("USER_NOT_FOUND", "the refresh token's user no longer exists"));
        RefreshTokens.Rotated rotated = refreshTokens.rotate(presented, user);
        RefreshTokenStore.Rotation rotation = rotated.rotation();
        switch (rotation.outcome()) {
            case ROTATED -> {
                TokenIssuer.IssuedToken token = tokenIssuer.issue(user);
                return new RefreshTokenUseCase.Result(user.toPublic(), token.token(), token.expiresAt(),
                        rotated.next().token().value(), rotated.next().expiresAt());
            }
            case UNKNOWN -> throw RefreshToken.invalid();
            case EXPIRED -> throw new Unauthorized("REFRESH_TOKEN_EXPIRED", "the refresh token expired; log in again");
            case REUSED -> throw new Unauthorized("REFRESH_TOKEN_REUSED",
                    "the refresh token was used before; every token of its login is now revoked; log in again");
            case REVOKED -> throw new Unauthorized("REFRESH_TOKEN_REVOKED", revokedMessage(rotation.cause()));
            default -> throw new IllegalStateException("unknown rotation outcome " + rotation.outcome());
        }
    }

    @Override
    public void logout(LogoutUseCase.Command command) {
        if (refreshTokens == null) {
            return;
        }
        if (command.all()) {
            refreshTokens.revokeAll(command.caller().id(), RefreshTokenStore.Cause.LOGOUT);
            return;
        }
        RefreshToken token;
        try {
            token = RefreshToken.parse(command.refreshToken());
        } catch (Unauthorized malformed) {
            return; // nothing to revoke
        }
        refreshTokens.logout(command.caller().id(), token);
    }

    private static String revokedMessage(RefreshTokenStore.Cause cause) {
        if (cause == RefreshTokenStore.Cause.PASSWORD_CHANGED) {
            return "the password was changed after this refresh token was issued; log in again";
        }
        if (cause == RefreshTokenStore.Cause.REUSE) {
            return "a token of this login was used twice, so all of its tokens are revoked; log in again";
        }
        return "the refresh token was revoked by a logout; log in again";
    }

    /**
     * Verifies the token, then checks it against the stored user on every call (the verifier may remember tokens,
     * this check is never skipped): the user must still exist and the token must have been issued for the user's
     * current credential version (a password change revokes earlier tokens). The caller gets the roles the user has
     * now under ADMIN_EMAILS, not the ones the token was issued with.
     */
    @Override
    public VerifiedToken authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new Unauthorized("TOKEN_MISSING", "a bearer token is required");
        }
        VerifiedToken verified = tokenVerifier.verify(bearerToken);
        if (verified.caller().external()) {
            return external(verified);
        }
        User user = users.findById(verified.caller().id())
                .orElseThrow(() -> new Unauthorized("USER_NOT_FOUND", "the token's user no longer exists"));
        if (verified.credentialVersion() != user.credentialVersion()) {
            throw new Unauthorized("TOKEN_REVOKED", "the password was changed after this token was issued; log in again");
        }
        return new VerifiedToken(new Caller(user.id(), rolesFor(user)), verified.expiresAt(),
                verified.credentialVersion());
    }

    /**
     * A token of the app's identity provider names no stored user: the caller is what its claims say. Its subject
     * must not be the id of a Switchboard account (possible only for a UUID-shaped {@code sub}), or it would act as
     * that account (SUBJECT_INVALID).
     */
    private VerifiedToken external(VerifiedToken verified) {
        UserId id = verified.caller().id();
        if (id.isUuid() && users.findById(id).isPresent()) {
            throw new Unauthorized("SUBJECT_INVALID", "the token's subject names a Switchboard account");
        }
        return verified;
    }

    @Override
    public PublicUser get(Caller caller, UserId id) {
        return withCurrentRoles(load(id)).toPublic();
    }

    /**
     * Applies the change to the stored user with a compare-and-set on its version: when another write came between
     * the read and the write, the change is applied again to the new state, up to {@link #MAX_UPDATE_ATTEMPTS}
     * times, then the update fails with 409 CONCURRENT_UPDATE (nothing changed). A new password is hashed once.
     */
    @Override
    public PublicUser update(UpdateUserUseCase.Command command) {
        requireSelfOrAdmin(command.caller(), command.id(), "only the user or an admin may change a user");
        Email email = command.email() == null ? null : new Email(command.email());
        String passwordHash = command.password() == null ? null : hasher.hash(command.password());
        for (int attempt = 1; ; attempt++) {
            User current = load(command.id());
            Instant now = clock.now();
            User next = current;
            if (email != null) {
                next = next.withEmail(email, now);
            }
            if (command.name() != null) {
                next = next.withName(command.name(), now);
            }
            if (passwordHash != null) {
                next = next.withPasswordHash(passwordHash, now);
            }
            next = withCurrentRoles(next).nextVersion();
            UserRepository.Update result = users.update(next, current.version());
            if (result == UserRepository.Update.UPDATED) {
                if (passwordHash != null && refreshTokens != null) {
                    // The credential version check refuses them anyway; this makes the revocation explicit.
                    refreshTokens.revokeAll(next.id(), RefreshTokenStore.Cause.PASSWORD_CHANGED);
                }
                PublicUser view = next.toPublic();
                events.publish(new UserEvent(UserEvent.Kind.UPDATED, view));
                return view;
            }
            if (result == UserRepository.Update.NOT_FOUND) {
                throw userNotFound();
            }
            if (attempt >= MAX_UPDATE_ATTEMPTS) {
                throw new Conflict("CONCURRENT_UPDATE",
                        "the user was changed by other requests at the same time; try again");
            }
        }
    }

    @Override
    public void delete(Caller caller, UserId id) {
        requireSelfOrAdmin(caller, id, "only the user or an admin may delete a user");
        User user = withCurrentRoles(load(id));
        if (!users.delete(id)) {
            throw userNotFound();
        }
        try {
            if (channelMemberships != null) {
                channelMemberships.removeFromAllChannels(id);
            }
        } finally {
            events.publish(new UserEvent(UserEvent.Kind.DELETED, user.toPublic()));
        }
    }

    private User load(UserId id) {
        return users.findById(id).orElseThrow(UserService::userNotFound);
    }

    /**
     * Admin is for an account whose e-mail is listed in ADMIN_EMAILS and is the address it registered with: there
     * is no e-mail verification, so changing one's e-mail to a listed address must not grant admin.
     */
    private Set<Role> rolesFor(User user) {
        return user.emailAsRegistered() && adminEmails.contains(user.email()) ? ADMIN_ROLES : USER_ROLES;
    }

    private User withCurrentRoles(User user) {
        Set<Role> roles = rolesFor(user);
        return roles.equals(user.roles()) ? user : user.withRoles(roles);
    }

    private static void requireSelfOrAdmin(Caller caller, UserId id, String message) {
        if (!caller.isSelfOrAdmin(id)) {
            throw new Forbidden("NOT_ALLOWED", message);
        }
    }

    private static NotFound userNotFound() {
        return new NotFound("USER_NOT_FOUND", "no such user");
    }
}
