package io.switchboard.application.service.user;

import io.switchboard.application.port.in.user.LoginUseCase;
import io.switchboard.application.port.in.user.RegisterUserUseCase;
import io.switchboard.application.port.in.user.UpdateUserUseCase;
import io.switchboard.application.testing.FakePasswordHasher;
import io.switchboard.application.testing.FakeTokens;
import io.switchboard.application.testing.MapUserRepository;
import io.switchboard.application.testing.TestClock;
import io.switchboard.application.testing.RecordingEventPublisher;
import io.switchboard.application.testing.SequentialIds;
import io.switchboard.domain.event.UserEvent;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UserServiceTest {
    private static final String PASSWORD = "Corr3ct-Horse!";
    private static final String ADMIN = "root@switchboard.test";

    private final TestClock clock = TestClock.at("2026-01-02T03:04:05.678Z");
    private final MapUserRepository users = new MapUserRepository();
    private final FakePasswordHasher hasher = new FakePasswordHasher();
    private final FakeTokens tokens = new FakeTokens(clock);
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private UserService service;

    @BeforeEach
    void setUp() {
        service = new UserService(users, hasher, tokens, tokens, events, clock, new SequentialIds(),
                Set.of(new Email(ADMIN)));
    }

    // --- register ---

    @Test
    void register_storesTheUserWithAHashedPassword_andReturnsThePublicView() {
        PublicUser user = register("ada@switchboard.test", "  Ada  ");

        assertThat(user.id()).isEqualTo(new UserId(SequentialIds.id(1)));
        assertThat(user.email().value()).isEqualTo("ada@switchboard.test");
        assertThat(user.name()).isEqualTo("Ada");
        assertThat(user.roles()).containsExactly(Role.USER);
        assertThat(user.createdAt()).isEqualTo(clock.now());
        assertThat(user.updatedAt()).isEqualTo(clock.now());
        User stored = users.findById(user.id()).orElseThrow();
        assertThat(stored.passwordHash()).isNotEqualTo(PASSWORD).doesNotContain(PASSWORD);
        assertThat(hasher.matches(PASSWORD, stored.passwordHash())).isTrue();
    }

    @Test
    void register_announcesUserCreated_withThePublicViewOnly() {
        PublicUser user = register("ann@switchboard.test", "Ann");

        assertThat(events.events()).containsExactly(new UserEvent(UserEvent.Kind.CREATED, user));
        assertThat(events.types()).containsExactly("user.created");
        assertThat(events.events().get(0).toString()).doesNotContain("fake$");
    }

    @Test
    void register_ofAnAdminEmail_givesTheAdminRole_whateverItsCase() {
        PublicUser user = register("Root@SwitchBoard.Test", "Root");

        assertThat(user.roles()).containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
        assertThat(user.email().value()).isEqualTo(ADMIN);
    }

    @Test
    void givenATakenEmail_register_failsWithEmailTaken_andAnnouncesNothing() {
        register("taken@switchboard.test", "First");
        events.clear();

        Conflict conflict = catchThrowableOfType(Conflict.class,
                () -> register("TAKEN@switchboard.test", "Second"));

        assertThat(conflict.reason()).isEqualTo("EMAIL_TAKEN");
        assertThat(events.events()).isEmpty();
        assertThat(users.all()).extracting(User::name).containsExactly("First");
    }

    @Test
    void anInvalidRegistration_cannotEvenBeExpressed() {
        ValidationFailed failure = catchThrowableOfType(ValidationFailed.class,
                () -> new RegisterUserUseCase.Command("nope", "X", "weak"));

        assertThat(failure.errors()).extracting(e -> e.field()).containsExactly("email", "name", "password");
    }

    // --- login ---

    @Test
    void login_withTheRightPassword_issuesATokenForTheUser() {
        PublicUser user = register("login@switchboard.test", "Login");

        LoginUseCase.Result result = service.login(new LoginUseCase.Command("LOGIN@switchboard.test", PASSWORD));

        assertThat(result.user()).isEqualTo(user);
        assertThat(result.expiresAt()).isEqualTo(clock.now().plus(FakeTokens.TTL));
        assertThat(tokens.verify(result.token()).caller().id()).isEqualTo(user.id());
    }

    @Test
    void login_announcesNothing() {
        register("quiet@switchboard.test", "Quiet");
        events.clear();

        service.login(new LoginUseCase.Command("quiet@switchboard.test", PASSWORD));

        assertThat(events.events()).isEmpty();
    }

    @Test
    void login_failsTheSameWay_forAWrongPasswordAnUnknownEmailAndAMalformedEmail() {
        register("same@switchboard.test", "Same");

        Unauthorized wrongPassword = loginFailure("same@switchboard.test", "Wr0ng-Password!");
        Unauthorized unknown = loginFailure("nobody@switchboard.test", PASSWORD);
        Unauthorized malformed = loginFailure("not an email", PASSWORD);

        for (Unauthorized failure : new Unauthorized[]{wrongPassword, unknown, malformed}) {
            assertThat(failure.reason()).isEqualTo("INVALID_CREDENTIALS");
            assertThat(failure.getMessage()).isEqualTo(wrongPassword.getMessage());
        }
    }

    @Test
    void login_ofAnUnknownEmail_stillChecksAPassword_soItTakesAsLongAsAWrongPassword() {
        register("timing@switchboard.test", "Timing");
        int before = hasher.checks();

        loginFailure("timing@switchboard.test", "Wr0ng-Password!");
        int forWrongPassword = hasher.checks() - before;
        loginFailure("unknown@switchboard.test", "Wr0ng-Password!");
        int forUnknownEmail = hasher.checks() - before - forWrongPassword;

        assertThat(forWrongPassword).isEqualTo(1);
        assertThat(forUnknownEmail).isEqualTo(forWrongPassword);
    }

    // --- authenticate ---

    @Test
    void authenticate_aValidToken_namesTheCaller() {
        PublicUser user = register("auth@switchboard.test", "Auth");
        String token = service.login(new LoginUseCase.Command("auth@switchboard.test", PASSWORD)).token();

        assertThat(service.authenticate(token).caller().id()).isEqualTo(user.id());
    }

    @Test
    void authenticate_withoutAToken_isTokenMissing() {
        assertThat(catchThrowableOfType(Unauthorized.class, () -> service.authenticate(null)).reason())
                .isEqualTo("TOKEN_MISSING");
        assertThat(catchThrowableOfType(Unauthorized.class, () -> service.authenticate("  ")).reason())
                .isEqualTo("TOKEN_MISSING");
    }

    @Test
    void authenticate_passesOnTheVerifiersRefusal() {
        assertThat(catchThrowableOfType(Unauthorized.class, () -> service.authenticate("forged")).reason())
                .isEqualTo("TOKEN_INVALID");
    }

    @Test
    void authenticate_anExpiredToken_isRefused() {
        register("expiring@switchboard.test", "Expiring");
        String token = service.login(new LoginUseCase.Command("expiring@switchboard.test", PASSWORD)).token();
        clock.advance(FakeTokens.TTL);

        assertThat(catchThrowableOfType(Unauthorized.class, () -> service.authenticate(token)).reason())
                .isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void authenticate_theTokenOfADeletedUser_isRefused() {
        PublicUser user = register("gone@switchboard.test", "Gone");
        String token = service.login(new LoginUseCase.Command("gone@switchboard.test", PASSWORD)).token();
        service.delete(caller(user), user.id());

        assertThat(catchThrowableOfType(Unauthorized.class, () -> service.authenticate(token)).reason())
                .isEqualTo("USER_NOT_FOUND");
    }

    // --- get ---

    @Test
    void get_anUnknownUser_isNotFound() {
        PublicUser asker = register("asker@switchboard.test", "Asker");
        NotFound notFound = catchThrowableOfType(NotFound.class,
                () -> service.get(caller(asker), new UserId(SequentialIds.id(99))));
        assertThat(notFound.reason()).isEqualTo("USER_NOT_FOUND");
    }

    // --- update ---

    @Test
    void update_bySelf_changesTheGivenFieldsOnly_movesUpdatedAt_andAnnouncesUserUpdated() {
        PublicUser user = register("self@switchboard.test", "Self");
        events.clear();
        Instant later = clock.advance(Duration.ofMinutes(5));

        PublicUser updated = service.update(new UpdateUserUseCase.Command(caller(user), user.id(), null, " Renamed ",
                null));

        assertThat(updated.name()).isEqualTo("Renamed");
        assertThat(updated.email()).isEqualTo(user.email());
        assertThat(updated.createdAt()).isEqualTo(user.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(users.findById(user.id()).orElseThrow().toPublic()).isEqualTo(updated);
        assertThat(events.events()).containsExactly(new UserEvent(UserEvent.Kind.UPDATED, updated));
    }

    @Test
    void update_ofThePassword_replacesTheHash_soOnlyTheNewPasswordLogsIn() {
        PublicUser user = register("pw@switchboard.test", "Password");
        String oldHash = users.findById(user.id()).orElseThrow().passwordHash();

        service.update(new UpdateUserUseCase.Command(caller(user), user.id(), null, null, "N3w-Password!"));

        assertThat(users.findById(user.id()).orElseThrow().passwordHash()).isNotEqualTo(oldHash)
                .doesNotContain("N3w-Password!");
        assertThat(loginFailure("pw@switchboard.test", PASSWORD).reason()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(service.login(new LoginUseCase.Command("pw@switchboard.test", "N3w-Password!")).user().id())
                .isEqualTo(user.id());
        assertThat(events.events().get(events.events().size() - 1).toString()).doesNotContain("fake$");
    }

    @Test
    void update_ofSomeoneElse_isForbidden_changesNothing_andAnnouncesNothing() {
        PublicUser intruder = register("intruder@switchboard.test", "Intruder");
        PublicUser victim = register("victim@switchboard.test", "Victim");
        events.clear();

        Forbidden forbidden = catchThrowableOfType(Forbidden.class, () -> service.update(
                new UpdateUserUseCase.Command(caller(intruder), victim.id(), null, "Hacked", null)));

        assertThat(forbidden).isNotNull();
        assertThat(users.findById(victim.id()).orElseThrow().name()).isEqualTo("Victim");
        assertThat(events.events()).isEmpty();
    }

    @Test
    void update_byAnAdmin_ofSomeoneElse_isAllowed() {
        PublicUser admin = register(ADMIN, "Root");
        PublicUser user = register("managed@switchboard.test", "Managed");

        PublicUser updated = service.update(new UpdateUserUseCase.Command(caller(admin), user.id(), null, "By Admin",
                null));

        assertThat(updated.name()).isEqualTo("By Admin");
        assertThat(updated.roles()).containsExactly(Role.USER);
    }

    @Test
    void update_toATakenEmail_failsWithEmailTaken_changesNothing_andAnnouncesNothing() {
        PublicUser user = register("mover@switchboard.test", "Mover");
        register("holder@switchboard.test", "Holder");
        events.clear();

        Conflict conflict = catchThrowableOfType(Conflict.class, () -> service.update(new UpdateUserUseCase.Command(
                caller(user), user.id(), "holder@switchboard.test", "Not Applied", null)));

        assertThat(conflict.reason()).isEqualTo("EMAIL_TAKEN");
        User stored = users.findById(user.id()).orElseThrow();
        assertThat(stored.email().value()).isEqualTo("mover@switchboard.test");
        assertThat(stored.name()).isEqualTo("Mover");
        assertThat(events.events()).isEmpty();
    }

    @Test
    void update_ofAnUnknownUser_byAnAdmin_isNotFound_andAnnouncesNothing() {
        PublicUser admin = register(ADMIN, "Root");
        events.clear();

        assertThatThrownBy(() -> service.update(new UpdateUserUseCase.Command(caller(admin),
                new UserId(SequentialIds.id(42)), null, "Ghost", null)))
                .isInstanceOf(NotFound.class);
        assertThat(events.events()).isEmpty();
    }

    @Test
    void anUpdateWithNothingToChange_cannotBeExpressed() {
        PublicUser user = register("nothing@switchboard.test", "Nothing");
        assertThatThrownBy(() -> new UpdateUserUseCase.Command(caller(user), user.id(), null, null, null))
                .isInstanceOf(ValidationFailed.class);
    }

    // --- roles follow ADMIN_EMAILS and the registered e-mail ---

    @Test
    void changingOnesEmailToAnAdminAddress_grantsNoAdmin_andChangingBackNeither() {
        PublicUser user = register("climber@switchboard.test", "Climber");

        PublicUser moved = service.update(new UpdateUserUseCase.Command(caller(user), user.id(), ADMIN, null, null));

        assertThat(moved.roles()).containsExactly(Role.USER);
        assertThat(service.login(new LoginUseCase.Command(ADMIN, PASSWORD)).user().roles()).containsExactly(Role.USER);
        String token = service.login(new LoginUseCase.Command(ADMIN, PASSWORD)).token();
        assertThat(service.authenticate(token).caller().isAdmin()).isFalse();
        PublicUser back = service.update(new UpdateUserUseCase.Command(caller(user), user.id(),
                "climber@switchboard.test", null, null));
        assertThat(back.roles()).containsExactly(Role.USER);
    }

    @Test
    void anAdminChangingTheirEmailAway_losesAdmin_alsoForTheTokenIssuedBefore_andComingBackGivesNothing() {
        PublicUser admin = register(ADMIN, "Root");
        String token = service.login(new LoginUseCase.Command(ADMIN, PASSWORD)).token();
        assertThat(service.authenticate(token).caller().isAdmin()).isTrue();

        PublicUser moved = service.update(new UpdateUserUseCase.Command(caller(admin), admin.id(),
                "former-root@switchboard.test", null, null));

        assertThat(moved.roles()).containsExactly(Role.USER);
        assertThat(service.authenticate(token).caller().roles()).containsExactly(Role.USER);
        PublicUser back = service.update(new UpdateUserUseCase.Command(caller(admin), admin.id(), ADMIN, null, null));
        assertThat(back.roles()).containsExactly(Role.USER);
        assertThat(service.get(caller(back), admin.id()).roles()).containsExactly(Role.USER);
    }

    @Test
    void rolesFollowTheConfiguredAdminEmails_atLoginAndOnEveryRequest() {
        PublicUser admin = register(ADMIN, "Root");
        String issuedWhileListed = service.login(new LoginUseCase.Command(ADMIN, PASSWORD)).token();
        UserService unlisted = new UserService(users, hasher, tokens, tokens, events, clock, new SequentialIds(),
                Set.of());

        assertThat(unlisted.login(new LoginUseCase.Command(ADMIN, PASSWORD)).user().roles())
                .containsExactly(Role.USER);
        assertThat(unlisted.authenticate(issuedWhileListed).caller().isAdmin()).isFalse();
        assertThat(unlisted.get(caller(admin), admin.id()).roles()).containsExactly(Role.USER);
        assertThat(service.authenticate(issuedWhileListed).caller().isAdmin()).isTrue();
    }

    // --- a password change revokes earlier tokens ---

    @Test
    void aPasswordChange_revokesEveryEarlierToken_andNotTheOnesIssuedAfter() {
        PublicUser user = register("revoked@switchboard.test", "Revoked");
        String before = service.login(new LoginUseCase.Command("revoked@switchboard.test", PASSWORD)).token();

        service.update(new UpdateUserUseCase.Command(caller(user), user.id(), null, null, "N3w-Password!"));

        assertThat(catchThrowableOfType(Unauthorized.class, () -> service.authenticate(before)).reason())
                .isEqualTo("TOKEN_REVOKED");
        String after = service.login(new LoginUseCase.Command("revoked@switchboard.test", "N3w-Password!")).token();
        assertThat(service.authenticate(after).caller().id()).isEqualTo(user.id());
    }

    @Test
    void aNameOrEmailChange_revokesNothing() {
        PublicUser user = register("kept@switchboard.test", "Kept");
        String token = service.login(new LoginUseCase.Command("kept@switchboard.test", PASSWORD)).token();

        service.update(new UpdateUserUseCase.Command(caller(user), user.id(), "moved@switchboard.test", "Moved", null));

        assertThat(service.authenticate(token).caller().id()).isEqualTo(user.id());
    }

    // --- updates are a compare-and-set, retried ---

    @Test
    void anUpdateThatLosesTheCompareAndSet_isAppliedAgainOnTheNewState() {
        PublicUser user = register("retried@switchboard.test", "Retried");
        InterferingUsers interfering = new InterferingUsers(users, 1,
                current -> current.withEmail(new Email("interloper@switchboard.test"), clock.now()));
        UserService racing = new UserService(interfering, hasher, tokens, tokens, events, clock,
                new SequentialIds(), Set.of());

        PublicUser updated = racing.update(new UpdateUserUseCase.Command(caller(user), user.id(), null, "Renamed",
                null));

        assertThat(updated.name()).isEqualTo("Renamed");
        assertThat(updated.email().value()).isEqualTo("interloper@switchboard.test");
        User stored = users.findById(user.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.toPublic()).isEqualTo(updated);
    }

    @Test
    void anUpdateThatKeepsLosingTheCompareAndSet_isConcurrentUpdate_andAnnouncesNothing() {
        PublicUser user = register("starved@switchboard.test", "Starved");
        events.clear();
        InterferingUsers interfering = new InterferingUsers(users, Integer.MAX_VALUE,
                current -> current.withName("Other " + current.version(), clock.now()));
        UserService racing = new UserService(interfering, hasher, tokens, tokens, events, clock,
                new SequentialIds(), Set.of());

        Conflict conflict = catchThrowableOfType(Conflict.class, () -> racing.update(new UpdateUserUseCase.Command(
                caller(user), user.id(), null, "Never Stored", null)));

        assertThat(conflict.reason()).isEqualTo("CONCURRENT_UPDATE");
        assertThat(interfering.interferences()).isEqualTo(UserService.MAX_UPDATE_ATTEMPTS);
        assertThat(users.findById(user.id()).orElseThrow().name()).startsWith("Other ");
        assertThat(events.events()).isEmpty();
    }

    /** A repository where another writer changes the user between each read and the next write, {@code times} times. */
    private static final class InterferingUsers implements io.switchboard.application.port.out.UserRepository {
        private final MapUserRepository delegate;
        private final java.util.function.UnaryOperator<User> otherWrite;
        private int remaining;
        private int interferences;

        InterferingUsers(MapUserRepository delegate, int times, java.util.function.UnaryOperator<User> otherWrite) {
            this.delegate = delegate;
            this.remaining = times;
            this.otherWrite = otherWrite;
        }

        int interferences() {
            return interferences;
        }

        @Override
        public Update update(User user, long expectedVersion) {
            if (remaining > 0) {
                remaining--;
                interferences++;
                User current = delegate.findById(user.id()).orElseThrow();
                assertThat(delegate.update(otherWrite.apply(current).nextVersion(), current.version()))
                        .isEqualTo(Update.UPDATED);
            }
            return delegate.update(user, expectedVersion);
        }

        @Override
        public void insert(User user) {
            delegate.insert(user);
        }

        @Override
        public java.util.Optional<User> findById(UserId id) {
            return delegate.findById(id);
        }

        @Override
        public java.util.Optional<User> findByEmail(Email email) {
            return delegate.findByEmail(email);
        }

        @Override
        public boolean delete(UserId id) {
            return delegate.delete(id);
        }
    }

    // --- delete ---

    @Test
    void delete_bySelf_removesTheUser_andAnnouncesUserDeletedWithTheLastPublicView() {
        PublicUser user = register("leaver@switchboard.test", "Leaver");
        events.clear();

        service.delete(caller(user), user.id());

        assertThat(users.findById(user.id())).isEmpty();
        assertThat(events.events()).containsExactly(new UserEvent(UserEvent.Kind.DELETED, user));
    }

    @Test
    void delete_ofSomeoneElse_isForbidden_andAnnouncesNothing() {
        PublicUser intruder = register("deleter@switchboard.test", "Deleter");
        PublicUser victim = register("kept@switchboard.test", "Kept");
        events.clear();

        assertThatThrownBy(() -> service.delete(caller(intruder), victim.id())).isInstanceOf(Forbidden.class);

        assertThat(users.findById(victim.id())).isPresent();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void delete_byAnAdmin_ofSomeoneElse_isAllowed() {
        PublicUser admin = register(ADMIN, "Root");
        PublicUser user = register("removed@switchboard.test", "Removed");
        events.clear();

        service.delete(caller(admin), user.id());

        assertThat(users.findById(user.id())).isEmpty();
        assertThat(events.types()).containsExactly("user.deleted");
    }

    @Test
    void delete_ofAnUnknownUser_byAnAdmin_isNotFound_andAnnouncesNothing() {
        PublicUser admin = register(ADMIN, "Root");
        events.clear();

        Failure failure = catchThrowableOfType(NotFound.class,
                () -> service.delete(caller(admin), new UserId(SequentialIds.id(77))));

        assertThat(failure.reason()).isEqualTo("USER_NOT_FOUND");
        assertThat(events.events()).isEmpty();
    }

    private PublicUser register(String email, String name) {
        return service.register(new RegisterUserUseCase.Command(email, name, PASSWORD));
    }

    private Unauthorized loginFailure(String email, String password) {
        return catchThrowableOfType(Unauthorized.class,
                () -> service.login(new LoginUseCase.Command(email, password)));
    }

    private static Caller caller(PublicUser user) {
        return new Caller(user.id(), user.roles());
    }
}
