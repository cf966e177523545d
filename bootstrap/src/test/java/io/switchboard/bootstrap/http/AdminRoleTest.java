package io.switchboard.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.GOOD_PASSWORD;
import static io.switchboard.bootstrap.support.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is admin (docs/decisions.md, "Hardening: accounts"): an account whose e-mail is listed in ADMIN_EMAILS and
 * that registered with that address. Changing one's e-mail to a listed address grants nothing (there is no
 * e-mail verification), and changing away from it takes admin away, also for tokens issued before.
 */
class AdminRoleTest {
    private static final String ADMIN_EMAIL = "root-roles@switchboard.test";
    private static final String UNCLAIMED_ADMIN_EMAIL = "unclaimed-roles@switchboard.test";
    private static final String LEAVING_ADMIN_EMAIL = "leaving-admin@switchboard.test";
    private static final String RENAMING_ADMIN_EMAIL = "renaming-admin@switchboard.test";
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", String.join(",", ADMIN_EMAIL, UNCLAIMED_ADMIN_EMAIL,
                LEAVING_ADMIN_EMAIL, RENAMING_ADMIN_EMAIL)));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAccountRegisteredWithAListedAddress_isAdmin_andMayDeleteAnotherUser() {
        Account root = api.newAccount(ADMIN_EMAIL, "Root", GOOD_PASSWORD);
        Account other = api.newAccount("managed-by-root");

        assertThat(roles(api.me(root.token()).data())).containsExactlyInAnyOrder("user", "admin");
        assertThat(roles(api.login(root.email(), root.password()).data().path("user")))
                .containsExactlyInAnyOrder("user", "admin");
        assertThat(api.deleteUser(root.token(), other.id()).status()).isEqualTo(204);
    }

    @Test
    void changingOnesEmailToAnUnclaimedAdminAddress_grantsNothing_andChangingBackGrantsNothing() {
        Account mallory = api.newAccount("mallory");
        Account victim = api.newAccount("victim-of-mallory");

        JsonNode changed = assertSuccess(api.updateUser(mallory.token(), mallory.id(),
                Map.of("email", UNCLAIMED_ADMIN_EMAIL)), 200);

        assertThat(changed.path("email").asText()).isEqualTo(UNCLAIMED_ADMIN_EMAIL);
        assertThat(roles(changed)).containsExactly("user");
        assertThat(roles(api.me(mallory.token()).data())).containsExactly("user");
        Account relogged = login(UNCLAIMED_ADMIN_EMAIL, mallory.password());
        assertThat(roles(api.me(relogged.token()).data())).containsExactly("user");
        // Admin-only actions stay refused, with the old token and with one issued after the change.
        assertError(api.deleteUser(relogged.token(), victim.id()), 403, 5, null);
        assertError(api.updateUser(mallory.token(), victim.id(), Map.of("name", "Taken Over")), 403, 5, null);
        assertThat(api.me(victim.token()).data().path("name").asText()).isEqualTo(victim.name());

        JsonNode back = assertSuccess(api.updateUser(relogged.token(), mallory.id(),
                Map.of("email", mallory.email())), 200);

        assertThat(roles(back)).containsExactly("user");
        Account again = login(mallory.email(), mallory.password());
        assertThat(roles(api.me(again.token()).data())).containsExactly("user");
        assertError(api.deleteUser(again.token(), victim.id()), 403, 5, null);
    }

    @Test
    void anAdminWhoChangesTheirEmailAway_losesAdmin_atOnce_evenWithTheTokenIssuedWhileAdmin() {
        Account admin = api.newAccount(LEAVING_ADMIN_EMAIL, "Leaving Admin", GOOD_PASSWORD);
        Account other = api.newAccount("stays");
        assertThat(roles(api.me(admin.token()).data())).containsExactlyInAnyOrder("user", "admin");

        JsonNode moved = assertSuccess(api.updateUser(admin.token(), admin.id(),
                Map.of("email", uniqueEmail("former-admin"))), 200);

        assertThat(roles(moved)).containsExactly("user");
        assertThat(roles(api.me(admin.token()).data())).containsExactly("user");
        assertError(api.deleteUser(admin.token(), other.id()), 403, 5, null);

        // Coming back to the listed address is a change to it: still no admin.
        JsonNode returned = assertSuccess(api.updateUser(admin.token(), admin.id(),
                Map.of("email", LEAVING_ADMIN_EMAIL)), 200);
        assertThat(roles(returned)).containsExactly("user");
        assertThat(roles(assertSuccess(api.login(LEAVING_ADMIN_EMAIL, GOOD_PASSWORD), 200).path("user")))
                .containsExactly("user");
        assertError(api.deleteUser(admin.token(), other.id()), 403, 5, null);
    }

    @Test
    void anAdminRenamingThemselves_staysAdmin() {
        Account admin = api.newAccount(RENAMING_ADMIN_EMAIL, "Renaming Admin", GOOD_PASSWORD);
        Account other = api.newAccount("renamed-by-admin");

        JsonNode renamed = assertSuccess(api.updateUser(admin.token(), admin.id(),
                Map.of("name", "Renamed Admin", "email", RENAMING_ADMIN_EMAIL.toUpperCase())), 200);

        assertThat(roles(renamed)).containsExactlyInAnyOrder("user", "admin");
        assertThat(api.deleteUser(admin.token(), other.id()).status()).isEqualTo(204);
    }

    private static Account login(String email, String password) {
        JsonNode data = assertSuccess(api.login(email, password), 200);
        return new Account(data.path("user").path("id").asText(), email, data.path("user").path("name").asText(),
                password, data.path("token").asText());
    }

    private static java.util.List<String> roles(JsonNode user) {
        java.util.List<String> roles = new java.util.ArrayList<>();
        user.path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}
