package io.switchboard.application.service.user;

import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.in.user.DeleteUserUseCase;
import io.switchboard.application.port.in.user.GetUserUseCase;
import io.switchboard.application.port.in.user.LoginUseCase;
import io.switchboard.application.port.in.user.RegisterUserUseCase;
import io.switchboard.application.port.in.user.UpdateUserUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.PasswordHasher;
import io.switchboard.application.port.out.TokenIssuer;
import io.switchboard.application.port.out.TokenVerifier;
import io.switchboard.application.port.out.TokenVerifier.VerifiedToken;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.event.UserEvent;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Accounts: register, log in, authenticate tokens, read, update and delete users. */
public final class UserService implements RegisterUserUseCase, LoginUseCase, AuthenticateUseCase,
        GetUserUseCase, UpdateUserUseCase, DeleteUserUseCase {

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

    public UserService(UserRepository users, PasswordHasher hasher, TokenIssuer tokenIssuer, TokenVerifier tokenVerifier,
                       EventPublisher events, Clock clock, IdGenerator ids, Set<Email> adminEmails) {
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
        User user = new User(new UserId(ids.newId()), email, command.name(), hasher.hash(command.password()),
                rolesFor(email), now, now);
        users.insert(user);
        PublicUser view = user.toPublic();
        events.publish(new UserEvent(UserEvent.Kind.CREATED, view));
        return view;
    }

    @Override
    public Result login(LoginUseCase.Command command) {
        Optional<User> found = Email.isValid(command.email())
                ? users.findByEmail(new Email(command.email()))
                : Optional.empty();
        boolean matches = hasher.matches(command.password(), found.map(User::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            throw new Unauthorized("INVALID_CREDENTIALS", "invalid e-mail or password");
        }
        User user = found.get();
        TokenIssuer.IssuedToken token = tokenIssuer.issue(user);
        return new Result(user.toPublic(), token.token(), token.expiresAt());
    }

    @Override
    public VerifiedToken authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new Unauthorized("TOKEN_MISSING", "a bearer token is required");
        }
        VerifiedToken verified = tokenVerifier.verify(bearerToken);
        if (users.findById(verified.caller().id()).isEmpty()) {
            throw new Unauthorized("USER_NOT_FOUND", "the token's user no longer exists");
        }
        return verified;
    }

    @Override
    public PublicUser get(Caller caller, UserId id) {
        return load(id).toPublic();
    }

    @Override
    public PublicUser update(UpdateUserUseCase.Command command) {
        requireSelfOrAdmin(command.caller(), command.id(), "only the user or an admin may change a user");
        User user = load(command.id());
        Instant now = clock.now();
        if (command.email() != null) {
            Email email = new Email(command.email());
            user = user.withEmail(email, now);
            if (rolesFor(email).contains(Role.ADMIN)) {
                EnumSet<Role> roles = EnumSet.copyOf(user.roles());
                roles.add(Role.ADMIN);
                user = user.withRoles(roles, now);
            }
        }
        if (command.name() != null) {
            user = user.withName(command.name(), now);
        }
        if (command.password() != null) {
            user = user.withPasswordHash(hasher.hash(command.password()), now);
        }
        if (!users.update(user)) {
            throw userNotFound();
        }
        PublicUser view = user.toPublic();
        events.publish(new UserEvent(UserEvent.Kind.UPDATED, view));
        return view;
    }

    @Override
    public void delete(Caller caller, UserId id) {
        requireSelfOrAdmin(caller, id, "only the user or an admin may delete a user");
        User user = load(id);
        if (!users.delete(id)) {
            throw userNotFound();
        }
        events.publish(new UserEvent(UserEvent.Kind.DELETED, user.toPublic()));
    }

    private User load(UserId id) {
        return users.findById(id).orElseThrow(UserService::userNotFound);
    }

    private Set<Role> rolesFor(Email email) {
        return adminEmails.contains(email) ? EnumSet.of(Role.USER, Role.ADMIN) : EnumSet.of(Role.USER);
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
