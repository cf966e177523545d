package io.switchboard.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.switchboard.bootstrap.support.ApiAssertions.ISO_MILLIS;
import static io.switchboard.bootstrap.support.ApiAssertions.UUID_SHAPE;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiAssertions.assertValidationError;
import static io.switchboard.bootstrap.support.ApiClient.GOOD_PASSWORD;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.support.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/auth/register, POST /api/auth/login, GET /api/auth/me and GET/PUT/DELETE /api/users/{id}. */
class AccountsApiTest {
    private static final String ADMIN_EMAIL = "root-accounts@switchboard.test";
    private static TestServer server;
    private static ApiClient api;
    private static Http http;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", "someone-else@switchboard.test, " + ADMIN_EMAIL.toUpperCase()));
        api = server.api();
        http = server.http();
        admin = api.newAccount(ADMIN_EMAIL, "Root", GOOD_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // --- register ---

    @Test
    void register_answers201WithThePublicUser() {
        String email = uniqueEmail("reg");
        Instant before = Instant.now().minusSeconds(1);

        JsonNode user = assertSuccess(api.register(email, "  Ada Lovelace ", GOOD_PASSWORD), 201);

        assertThat(fieldNames(user)).containsExactlyInAnyOrder("id", "email", "name", "roles", "createdAt", "updatedAt");
        assertThat(user.path("id").asText()).matches(UUID_SHAPE);
        assertThat(user.path("email").asText()).isEqualTo(email);
        assertThat(user.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(user.path("roles")).extracting(JsonNode::asText).containsExactly("user");
        assertThat(user.path("createdAt").asText()).matches(ISO_MILLIS);
        assertThat(Instant.parse(user.path("createdAt").asText())).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(user.path("updatedAt").asText()).isEqualTo(user.path("createdAt").asText());
    }

    @Test
    void register_ofAnEmailListedInAdminEmails_givesTheAdminRole_whateverItsCase() {
        JsonNode user = assertSuccess(api.register("Someone-Else@SwitchBoard.test", "Second Admin", GOOD_PASSWORD), 201);

        assertThat(user.path("email").asText()).isEqualTo("someone-else@switchboard.test");
        assertThat(user.path("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrder("user", "admin");
    }

    @Test
    void givenAnEmailIsTaken_registeringItAgain_is409EmailTaken_andTheFirstAccountIsUntouched() {
        Account first = api.newAccount("dup");

        assertError(api.register(first.email(), "Impostor", "An0ther-Pass!"), 409, 6, "EMAIL_TAKEN");

        assertThat(api.login(first.email(), "An0ther-Pass!").status()).isEqualTo(401);
        assertThat(api.me(first.token()).data().path("name").asText()).isEqualTo(first.name());
    }

    @Test
    void emailsDifferingOnlyInCase_areTheSameAccount() {
        Account first = api.newAccount("case");

        assertError(api.register(first.email().toUpperCase(), "Shouty", GOOD_PASSWORD), 409, 6, "EMAIL_TAKEN");
        assertThat(api.login(first.email().toUpperCase(), first.password()).status()).isEqualTo(200);
    }

    @Test
    void manyRegistrationsOfOneEmailInParallel_exactlyOneWins_theRestAre409() {
        String email = uniqueEmail("race");
        int racers = 16;
        List<CompletableFuture<Http.Response>> calls = IntStream.range(0, racers)
                .mapToObj(i -> http.call("POST", "/api/auth/register")
                        .json(body("email", email, "name", "Racer " + i, "password", GOOD_PASSWORD)).sendAsync())
                .toList();
        List<Http.Response> responses = calls.stream().map(Http.Response::join).toList();

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(racers - 1)
                .allSatisfy(r -> assertError(r, 409, 6, "EMAIL_TAKEN"));
        String winnerName = responses.stream().filter(r -> r.status() == 201).findFirst().orElseThrow()
                .data().path("name").asText();
        Http.Response login = api.login(email, GOOD_PASSWORD);
        assertThat(login.data().path("user").path("name").asText()).isEqualTo(winnerName);
    }

    @Test
    void register_withoutAField_is400Code2NamingIt() {
        assertValidationError(http.call("POST", "/api/auth/register")
                .json(body("email", uniqueEmail("missing"), "password", GOOD_PASSWORD)).send(), "name");
        assertValidationError(http.call("POST", "/api/auth/register")
                .json(body("name", "No Email", "password", GOOD_PASSWORD)).send(), "email");
        assertValidationError(http.call("POST", "/api/auth/register")
                .json(body("email", uniqueEmail("missing"), "name", "No Password")).send(), "password");
    }

    @Test
    void register_ofAnEmptyObject_namesEveryMissingField() {
        assertValidationError(http.call("POST", "/api/auth/register").raw("{}").send(), "email", "name", "password");
    }

    @Test
    void register_withAFieldOfTheWrongType_is400Code2NamingIt() {
        String email = uniqueEmail("types");
        assertValidationError(http.call("POST", "/api/auth/register")
                .raw("{\"email\":\"" + email + "\",\"name\":42,\"password\":\"" + GOOD_PASSWORD + "\"}").send(), "name");
        assertValidationError(http.call("POST", "/api/auth/register")
                .raw("{\"email\":[\"" + email + "\"],\"name\":\"Typed\",\"password\":\"" + GOOD_PASSWORD + "\"}").send(),
                "email");
        assertValidationError(http.call("POST", "/api/auth/register")
                .raw("{\"email\":\"" + email + "\",\"name\":\"Typed\",\"password\":{\"p\":1}}").send(), "password");

        assertThat(api.login(email, GOOD_PASSWORD).status()).as("nothing was registered").isEqualTo(401);
    }

    @Test
    void register_withANullField_isTreatedAsMissing() {
        assertValidationError(http.call("POST", "/api/auth/register")
                .raw("{\"email\":null,\"name\":\"Null Email\",\"password\":\"" + GOOD_PASSWORD + "\"}").send(), "email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "@no-local.test", "no-domain@", "two@@signs.test", "spaces in@x.test",
            "no-dot@localhost", "trailing-dot@x.test.", ""})
    void register_withAnInvalidEmail_is400Code2OnEmail(String email) {
        assertValidationError(api.register(email, "Bad Email", GOOD_PASSWORD), "email");
    }

    @Test
    void register_withAnEmailOver255Characters_isRefused_andOf255Accepted() {
        String domain = "@switchboard.test";
        String local = UUID.randomUUID().toString().replace("-", "");
        String exactly255 = local + "a".repeat(255 - local.length() - domain.length()) + domain;
        assertThat(exactly255).hasSize(255);

        assertValidationError(api.register("b" + exactly255, "Long Email", GOOD_PASSWORD), "email");
        assertSuccess(api.register(exactly255, "Long Email", GOOD_PASSWORD), 201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", " B ", "   "})
    void register_withANameUnderTwoCharacters_isRefused(String name) {
        assertValidationError(api.register(uniqueEmail("shortname"), name, GOOD_PASSWORD), "name");
    }

    @Test
    void register_nameLengthBoundaries_2and100Accepted_101Refused() {
        assertSuccess(api.register(uniqueEmail("name2"), "Al", GOOD_PASSWORD), 201);
        assertSuccess(api.register(uniqueEmail("name100"), "n".repeat(100), GOOD_PASSWORD), 201);
        assertValidationError(api.register(uniqueEmail("name101"), "n".repeat(101), GOOD_PASSWORD), "name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sh0rt!a", "nouppercase-1", "NOLOWERCASE-1", "NoDigits-here", "NoSymbols123",
            "Aa1!aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    + "aaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void register_withAPasswordBreakingARule_isRefused(String password) {
        assertValidationError(api.register(uniqueEmail("weak"), "Weak Password", password), "password");
    }

    @Test
    void register_passwordLengthBoundaries_8and128Accepted() {
        assertSuccess(api.register(uniqueEmail("pw8"), "Eight", "Aa1!aaaa"), 201);
        String max = "Aa1!" + "a".repeat(124);
        assertThat(max).hasSize(128);
        assertSuccess(api.register(uniqueEmail("pw128"), "Max Length", max), 201);
    }

    @Test
    void register_reportsEveryBrokenFieldAtOnce() {
        assertValidationError(api.register("not-an-email", "x", "short"), "email", "name", "password");
    }

    // --- login ---

    @Test
    void login_answersTheUserAToken_andItsExpiry() {
        Account account = api.newAccount("login");
        Instant before = Instant.now();

        JsonNode data = assertSuccess(api.login(account.email(), account.password()), 200);

        assertThat(fieldNames(data)).containsExactlyInAnyOrder("user", "token", "expiresAt", "refreshToken",
                "refreshExpiresAt"); // refresh: TokenRefreshTest
        assertThat(data.path("user").path("id").asText()).isEqualTo(account.id());
        assertThat(data.path("user").has("password")).isFalse();
        assertThat(data.path("token").asText().split("\\.")).hasSize(3);
        assertThat(data.path("expiresAt").asText()).matches(ISO_MILLIS);
        // JWT_TTL_SECONDS defaults to 900.
        assertThat(Instant.parse(data.path("expiresAt").asText()))
                .isBetween(before.plusSeconds(898), Instant.now().plusSeconds(901));
    }

    @Test
    void login_ofAnUnknownEmailAndWithAWrongPassword_giveTheSameAnswer() {
        Account account = api.newAccount("samefail");

        JsonNode wrongPassword = assertError(api.login(account.email(), "Wr0ng-Password!"), 401, 4, "INVALID_CREDENTIALS");
        JsonNode unknownEmail = assertError(api.login(uniqueEmail("nobody"), "Wr0ng-Password!"), 401, 4,
                "INVALID_CREDENTIALS");
        JsonNode malformedEmail = assertError(api.login("not-an-email", "Wr0ng-Password!"), 401, 4,
                "INVALID_CREDENTIALS");

        assertThat(unknownEmail).isEqualTo(wrongPassword);
        assertThat(malformedEmail).isEqualTo(wrongPassword);
    }

    @Test
    void login_withoutPassword_is400Code2() {
        assertValidationError(http.call("POST", "/api/auth/login").json(body("email", "a@b.test")).send(), "password");
    }

    @Test
    void login_withAPasswordOfTheWrongType_is400Code2() {
        assertValidationError(http.call("POST", "/api/auth/login")
                .raw("{\"email\":\"a@b.test\",\"password\":12345678}").send(), "password");
    }

    // --- me ---

    @Test
    void me_answersTheCallersPublicUser() {
        Account account = api.newAccount("me");

        JsonNode me = assertSuccess(api.me(account.token()), 200);

        assertThat(me.path("id").asText()).isEqualTo(account.id());
        assertThat(me.path("email").asText()).isEqualTo(account.email());
        assertThat(fieldNames(me)).containsExactlyInAnyOrder("id", "email", "name", "roles", "createdAt", "updatedAt");
    }

    @Test
    void me_withoutAToken_is401Code4() {
        assertError(api.me(null), 401, 4, "TOKEN_MISSING");
    }

    // --- get user ---

    @Test
    void anyUser_canReadAnotherUsersPublicProfile() {
        Account reader = api.newAccount("reader");
        Account other = api.newAccount("other");

        JsonNode user = assertSuccess(api.getUser(reader.token(), other.id()), 200);

        assertThat(user.path("id").asText()).isEqualTo(other.id());
        assertThat(fieldNames(user)).containsExactlyInAnyOrder("id", "email", "name", "roles", "createdAt", "updatedAt");
    }

    @Test
    void getUser_ofAnUnknownId_is404Code3() {
        Account reader = api.newAccount("reader404");
        assertError(api.getUser(reader.token(), UUID.randomUUID().toString()), 404, 3, "USER_NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "1-1-1-1-1", "00000000-0000-0000-0000-00000000000g",
            "00000000000000000000000000000000", "00000000-0000-0000-0000-0000000000000"})
    void aUserIdThatIsNotAUuid_is400Code1_onEveryUserRoute(String badId) {
        Account caller = api.newAccount("badid");

        assertError(api.getUser(caller.token(), badId), 400, 1, "INVALID_ID");
        assertError(api.updateUser(caller.token(), badId, Map.of("name", "Never")), 400, 1, "INVALID_ID");
        assertError(api.deleteUser(caller.token(), badId), 400, 1, "INVALID_ID");
        assertThat(api.me(caller.token()).data().path("name").asText()).isEqualTo(caller.name());
    }

    @Test
    void getUser_withoutAToken_is401() {
        Account other = api.newAccount("anon");
        assertError(api.getUser(null, other.id()), 401, 4, "TOKEN_MISSING");
    }

    // --- update user ---

    @Test
    void aUser_canRenameThemselves_andUpdatedAtMoves() {
        Account account = api.newAccount("rename");
        JsonNode before = api.me(account.token()).data();

        JsonNode after = assertSuccess(api.updateUser(account.token(), account.id(), Map.of("name", "New Name")), 200);

        assertThat(after.path("name").asText()).isEqualTo("New Name");
        assertThat(after.path("email").asText()).isEqualTo(account.email());
        assertThat(after.path("createdAt").asText()).isEqualTo(before.path("createdAt").asText());
        assertThat(Instant.parse(after.path("updatedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(before.path("updatedAt").asText()));
        assertThat(api.getUser(account.token(), account.id()).data().path("name").asText()).isEqualTo("New Name");
    }

    @Test
    void aUser_canChangeTheirEmail_andLogInWithTheNewOneOnly() {
        Account account = api.newAccount("moving");
        String newEmail = uniqueEmail("moved");

        assertSuccess(api.updateUser(account.token(), account.id(), Map.of("email", newEmail)), 200);

        assertThat(api.login(newEmail, account.password()).status()).isEqualTo(200);
        assertError(api.login(account.email(), account.password()), 401, 4, "INVALID_CREDENTIALS");
        assertSuccess(api.register(account.email(), "Reuses Old Email", GOOD_PASSWORD), 201);
    }

    @Test
    void aUser_canChangeTheirPassword_andTheOldOneStopsWorking() {
        Account account = api.newAccount("repass");
        String newPassword = "N3w-Passw0rd!";

        assertSuccess(api.updateUser(account.token(), account.id(), Map.of("password", newPassword)), 200);

        assertError(api.login(account.email(), account.password()), 401, 4, "INVALID_CREDENTIALS");
        assertSuccess(api.login(account.email(), newPassword), 200);
    }

    @Test
    void update_withNoFieldAtAll_is400Code2() {
        Account account = api.newAccount("emptyput");
        assertValidationError(api.updateUser(account.token(), account.id(), Map.of()), "body");
    }

    @Test
    void aFailedUpdate_changesNothing_evenTheValidFieldsOfTheSameRequest() {
        Account account = api.newAccount("atomic");

        assertValidationError(api.updateUser(account.token(), account.id(),
                body("name", "Would Be Renamed", "password", "weak")), "password");

        assertThat(api.me(account.token()).data().path("name").asText()).isEqualTo(account.name());
        assertThat(api.login(account.email(), account.password()).status()).isEqualTo(200);
    }

    @Test
    void update_withAFieldOfTheWrongType_is400Code2_andChangesNothing() {
        Account account = api.newAccount("typedput");

        assertValidationError(http.call("PUT", "/api/users/" + account.id()).bearer(account.token())
                .raw("{\"name\":\"Fine Name\",\"email\":17}").send(), "email");

        assertThat(api.me(account.token()).data().path("name").asText()).isEqualTo(account.name());
    }

    @Test
    void update_toAnEmailAnotherUserHas_is409EmailTaken_andChangesNothing() {
        Account account = api.newAccount("taker");
        Account owner = api.newAccount("owner");

        assertError(api.updateUser(account.token(), account.id(), body("email", owner.email(), "name", "Not Applied")),
                409, 6, "EMAIL_TAKEN");

        JsonNode me = api.me(account.token()).data();
        assertThat(me.path("email").asText()).isEqualTo(account.email());
        assertThat(me.path("name").asText()).isEqualTo(account.name());
        assertThat(api.login(owner.email(), owner.password()).data().path("user").path("id").asText())
                .isEqualTo(owner.id());
    }

    @Test
    void update_toTheirOwnEmail_isNotAConflict() {
        Account account = api.newAccount("sameemail");
        assertSuccess(api.updateUser(account.token(), account.id(), Map.of("email", account.email())), 200);
    }

    @Test
    void updatingSomeoneElse_is403Code5_andChangesNothing() {
        Account intruder = api.newAccount("intruder");
        Account victim = api.newAccount("victim");

        assertError(api.updateUser(intruder.token(), victim.id(), Map.of("name", "Hacked")), 403, 5, null);
        assertError(api.updateUser(intruder.token(), victim.id(), Map.of("password", "Hack3d-Pass!")), 403, 5, null);

        assertThat(api.getUser(victim.token(), victim.id()).data().path("name").asText()).isEqualTo(victim.name());
        assertThat(api.login(victim.email(), victim.password()).status()).isEqualTo(200);
    }

    @Test
    void updatingSomeoneElse_isRefusedBeforeTheBodyIsJudged() {
        Account intruder = api.newAccount("intruder2");
        Account victim = api.newAccount("victim2");

        // Even a valid-looking change to an e-mail that is taken must answer 403, not reveal the conflict.
        assertError(api.updateUser(intruder.token(), victim.id(), Map.of("email", admin.email())), 403, 5, null);
    }

    @Test
    void anAdmin_canUpdateAnotherUser() {
        Account user = api.newAccount("managed");

        JsonNode updated = assertSuccess(api.updateUser(admin.token(), user.id(), Map.of("name", "Renamed By Admin")), 200);

        assertThat(updated.path("name").asText()).isEqualTo("Renamed By Admin");
        assertThat(updated.path("roles")).extracting(JsonNode::asText).containsExactly("user");
    }

    @Test
    void anAdmin_updatingAnUnknownUser_is404() {
        assertError(api.updateUser(admin.token(), UUID.randomUUID().toString(), Map.of("name", "Ghost")),
                404, 3, "USER_NOT_FOUND");
    }

    // --- delete user ---

    @Test
    void aUser_canDeleteThemselves_andThenTheyAreGone() {
        Account account = api.newAccount("leaver");
        Account witness = api.newAccount("witness");

        Http.Response deleted = api.deleteUser(account.token(), account.id());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(api.getUser(witness.token(), account.id()), 404, 3, "USER_NOT_FOUND");
        assertError(api.login(account.email(), account.password()), 401, 4, "INVALID_CREDENTIALS");
    }

    @Test
    void aDeletedUsersToken_isRefused() {
        Account account = api.newAccount("ghost");
        assertThat(api.deleteUser(account.token(), account.id()).status()).isEqualTo(204);

        assertError(api.me(account.token()), 401, 4, null);
        assertError(api.listMessages(account.token(), ""), 401, 4, null);
        assertError(api.deleteUser(account.token(), account.id()), 401, 4, null);
    }

    @Test
    void aDeletedUsersEmail_canBeRegisteredAgain() {
        Account account = api.newAccount("reborn");
        assertThat(api.deleteUser(account.token(), account.id()).status()).isEqualTo(204);

        JsonNode again = assertSuccess(api.register(account.email(), "Reborn", GOOD_PASSWORD), 201);

        assertThat(again.path("id").asText()).isNotEqualTo(account.id());
        assertError(api.me(account.token()), 401, 4, null);
    }

    @Test
    void deletingSomeoneElse_is403Code5_andTheyRemain() {
        Account intruder = api.newAccount("deleter");
        Account victim = api.newAccount("survivor");

        assertError(api.deleteUser(intruder.token(), victim.id()), 403, 5, null);

        assertSuccess(api.me(victim.token()), 200);
    }

    @Test
    void anAdmin_canDeleteAnotherUser() {
        Account user = api.newAccount("removed");

        assertThat(api.deleteUser(admin.token(), user.id()).status()).isEqualTo(204);

        assertError(api.getUser(admin.token(), user.id()), 404, 3, "USER_NOT_FOUND");
    }

    @Test
    void deletingAnUnknownUser_asAdmin_is404() {
        assertError(api.deleteUser(admin.token(), UUID.randomUUID().toString()), 404, 3, "USER_NOT_FOUND");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
