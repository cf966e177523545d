package io.switchboard.bootstrap.http;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.GOOD_PASSWORD;
import static io.switchboard.bootstrap.support.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent PUTs on one user that change different fields all survive: updates are atomic per user (a
 * compare-and-set on the user's version, retried), so none starts from a read that another one overwrote.
 */
public class ConcurrentUserUpdatesTest {
    private static final String ADMIN_EMAIL = "root-concurrent@switchboard.test";
    private static final int ROUNDS = 25;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", ADMIN_EMAIL));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void concurrentPutsOfTheNameTheEmailAndThePassword_allSurvive() {
        assertConcurrentPutsAllSurvive(ADMIN_EMAIL, server, server, server);
    }

    /**
     * Runs {@value #ROUNDS} rounds of three concurrent PUTs (name, email, password), each on its own server. An
     * admin (registered here with {@code adminEmail}, listed in the servers' ADMIN_EMAILS) sends them: the user's own
     * token would be revoked by the password change while the others run.
     */
    public static void assertConcurrentPutsAllSurvive(String adminEmail, TestServer forName, TestServer forEmail,
                                                      TestServer forPassword) {
        Account admin = forName.api().newAccount(adminEmail, "Concurrent Root", GOOD_PASSWORD);
        String token = admin.token();
        Account ada = forName.api().newAccount("concurrent-put");
        String email = ada.email();
        String password = ada.password();
        for (int round = 0; round < ROUNDS; round++) {
            String name = "Name " + round;
            String newEmail = uniqueEmail("concurrent-" + round);
            String newPassword = "Pass-" + round + "-Word!";
            List<CompletableFuture<Http.Response>> puts = List.of(
                    put(forName, token, ada.id(), Map.of("name", name)),
                    put(forEmail, token, ada.id(), Map.of("email", newEmail)),
                    put(forPassword, token, ada.id(), Map.of("password", newPassword)));
            for (CompletableFuture<Http.Response> put : puts) {
                assertSuccess(Http.Response.join(put), 200);
            }

            Http.Response login = forName.api().login(newEmail, newPassword);
            assertThat(login.status()).as("round %d: login with the new e-mail and password: %s", round, login)
                    .isEqualTo(200);
            assertThat(login.data().path("user").path("name").asText()).as("round %d", round).isEqualTo(name);
            assertThat(forName.api().login(email, password).status()).as("round %d: the old credentials", round)
                    .isEqualTo(401);
            email = newEmail;
            password = newPassword;
        }
    }

    private static CompletableFuture<Http.Response> put(TestServer server, String token, String id,
                                                        Map<String, ?> changes) {
        return server.http().call("PUT", "/api/users/" + id).bearer(token).json(changes).sendAsync();
    }
}
