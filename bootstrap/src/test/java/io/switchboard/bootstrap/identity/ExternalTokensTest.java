package io.switchboard.bootstrap.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.JwksFixture;
import io.switchboard.bootstrap.support.JwksFixture.SigningKey;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens of the app's own identity provider (docs/integration.md, "Use your own identity provider"): a JWKS served
 * over real HTTP, RS256/ES256/EdDSA tokens used over REST and both WebSocket dialects, and every refusal.
 */
class ExternalTokensTest {
    private static final SigningKey RSA = JwksFixture.rsa("rsa-1");
    private static final SigningKey EC = JwksFixture.ec("ec-1");
    private static final SigningKey ED = JwksFixture.ed25519("ed-1");
    private static JwksFixture idp;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        idp = JwksFixture.start(RSA, EC, ED);
        Map<String, String> env = idp.serverEnvironment();
        env.put("HTTP_RATE_LIMIT", "0");
        server = TestServer.start(env);
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.close();
    }

    private static Http.Response get(String token, String path) {
        return server.http().call("GET", path).bearer(token).send();
    }

    private static Http.Response post(String token, String path, Object json) {
        return server.http().call("POST", path).bearer(token).json(json).send();
    }

    private static String uniqueSub(String prefix) {
        return prefix + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- accepted -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"rsa-1", "ec-1", "ed-1"})
    void aTokenOfEachAlgorithm_postsAChannelMessage_andReadsItBack_withSubAsSender(String kid) {
        SigningKey key = switch (kid) {
            case "rsa-1" -> RSA;
            case "ec-1" -> EC;
            default -> ED;
        };
        String sub = uniqueSub("idp-" + kid);
        String token = idp.token(key, sub).name("Ext " + kid).mint();

        JsonNode message = assertSuccess(post(token, "/api/messages",
                body("content", "hello from " + kid, "channelId", "ext-" + kid)), 201);
        assertThat(message.path("senderId").asText()).isEqualTo(sub);

        JsonNode read = assertSuccess(get(token, "/api/messages/" + message.path("id").asText()), 200);
        assertThat(read.path("content").asText()).isEqualTo("hello from " + kid);
        JsonNode page = assertSuccess(get(token, "/api/messages?channelId=ext-" + kid), 200);
        assertThat(page.path("items").get(0).path("senderId").asText()).isEqualTo(sub);
    }

    @Test
    void anExternalSender_editsAndDeletesTheirOwnMessage_andAnAccountSeesItsSenderId() {
        String sub = uniqueSub("editor");
        String token = idp.token(RSA, sub).mint();
        String id = assertSuccess(post(token, "/api/messages", body("content", "v1", "channelId", "ext-edit")), 201)
                .path("id").asText();
        JsonNode edited = assertSuccess(server.http().call("PATCH", "/api/messages/" + id).bearer(token)
                .json(body("content", "v2")).send(), 200);
        assertThat(edited.path("content").asText()).isEqualTo("v2");

        Account account = server.api().newAccount("ext-reader");
        assertThat(assertSuccess(server.api().getMessage(account.token(), id), 200).path("senderId").asText())
                .isEqualTo(sub);
        assertError(server.api().editMessage(account.token(), id, body("content", "hijack")), 403, 5, "NOT_SENDER");

        assertThat(server.http().call("DELETE", "/api/messages/" + id).bearer(token).send().status()).isEqualTo(204);
    }

    @Test
    void ownHs256Tokens_keepWorkingBesideTheJwks() {
        Account account = server.api().newAccount("own-beside-jwks");
        assertThat(assertSuccess(server.api().me(account.token()), 200).path("id").asText()).isEqualTo(account.id());
        assertSuccess(server.api().postMessage(account.token(), body("content", "mine", "channelId", "own")), 201);
    }

    @Test
    void topicDialect_authenticatesWithTheSub_andSubscribesToTheirOwnUserTopics() throws Exception {
        String sub = uniqueSub("ws-topic");
        String token = idp.token(EC, sub).name("Wes").mint();
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            ws.send(body("type", "auth", "token", token));
            JsonNode auth = ws.awaitType("auth_success");
            assertThat(auth.path("userId").asText()).isEqualTo(sub);

            ws.send(body("type", "subscribe", "topics", List.of("user." + sub + ".x", "messages.user." + sub,
                    "messages.channel.ext-ws"), "id", "s1"));
            for (int i = 0; i < 3; i++) {
                JsonNode reply = ws.next();
                assertThat(reply.path("type").asText()).as("reply %s", reply).isEqualTo("subscribed");
            }
            ws.nextOwnJoin("messages.channel.ext-ws", sub); // a presence topic: their own join follows
            // Another user's topics stay closed to them.
            ws.send(body("type", "subscribe", "topic", "user.someone-else.x", "id", "s2"));
            JsonNode refused = ws.next();
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("code").asInt()).isEqualTo(5);

            // Their channel message, stored through the same service, is delivered with them as sender.
            ws.send(body("type", "message", "topic", "messages.channel.ext-ws", "content", "over ws", "id", "p1"));
            JsonNode delivery = ws.await(f -> "message.sent".equals(f.path("eventType").asText()),
                    WsClient.DEFAULT_WAIT);
            assertThat(delivery.path("data").path("senderId").asText()).isEqualTo(sub);
            JsonNode published = ws.await(f -> "p1".equals(f.path("id").asText()), WsClient.DEFAULT_WAIT);
            assertThat(published.path("type").asText()).isEqualTo("published");
        }
    }

    @Test
    void topicDialect_aTokenAtTheUpgrade_works_andABadOneIsRefusedWith401() throws Exception {
        String sub = uniqueSub("ws-upgrade");
        String token = idp.token(ED, sub).mint();
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + token))) {
            ws.send(body("type", "subscribe", "topic", "user." + sub + ".**", "id", "s"));
            assertThat(ws.next().path("type").asText()).isEqualTo("subscribed");
        }
        String wrongAudience = idp.token(ED, sub).audience("another-app").mint();
        assertThatThrownBy(() -> WsClient.connect(server.wsUri("/ws?token=" + wrongAudience)))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void aDirectMessageToAnExternalUser_isRecipientNotFound_overRestAndWebSocket() throws Exception {
        String sub = uniqueSub("no-inbox");
        Account account = server.api().newAccount("ext-dm");
        assertError(server.api().postMessage(account.token(), body("content", "hi", "recipientId", sub)), 404, 3,
                "RECIPIENT_NOT_FOUND");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + account.token()))) {
            ws.send(body("type", "message", "topic", "messages.user." + sub, "content", "hi", "id", "dm"));
            JsonNode reply = ws.next();
            assertThat(reply.path("code").asInt()).as("%s", reply).isEqualTo(3);
            assertThat(reply.path("reason").asText()).isEqualTo("RECIPIENT_NOT_FOUND");
        }
    }

    @Test
    void accountRoutes_answer404_forAnExternalCaller() {
        String sub = uniqueSub("no-account");
        String token = idp.token(RSA, sub).mint();
        assertError(get(token, "/api/auth/me"), 404, 3, "USER_NOT_FOUND");
        assertError(get(token, "/api/users/" + sub), 404, 3, "USER_NOT_FOUND");
        assertError(server.http().call("PUT", "/api/users/" + sub).bearer(token).json(body("name", "Someone"))
                .send(), 404, 3, "USER_NOT_FOUND");
        assertError(server.http().call("DELETE", "/api/users/" + sub).bearer(token).send(), 404, 3,
                "USER_NOT_FOUND");
    }

    @Test
    void anExternalSubjectThatIsAnAccountsId_isRefused() {
        Account account = server.api().newAccount("ext-collision");
        String token = idp.token(RSA, account.id()).mint();
        assertError(get(token, "/api/auth/me"), 401, 4, "SUBJECT_INVALID");
    }

    @Test
    void anExternalAdmin_mayDoWhatAdminsMay() throws Exception {
        String token = idp.token(RSA, uniqueSub("ext-admin")).roles("user", "admin").mint();
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + token))) {
            ws.send(body("type", "subscribe", "topic", "**", "id", "all"));
            assertThat(ws.next().path("type").asText()).isEqualTo("subscribed");
        }
        String plain = idp.token(RSA, uniqueSub("ext-plain")).roles("user", "superuser").mint();
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + plain))) {
            ws.send(body("type", "subscribe", "topic", "**", "id", "all"));
            assertThat(ws.next().path("code").asInt()).isEqualTo(5);
        }
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    @Test
    void sessions_anExternalOwnerWatchesTheirSession_andAnExternalParticipantSwitches() throws Exception {
        String ownerSub = uniqueSub("owner");
        String playerSub = uniqueSub("player");
        String ownerToken = idp.token(RSA, ownerSub).mint();
        String playerToken = idp.token(ED, playerSub).mint();
        String sessionId = UUID.randomUUID().toString();
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("sessionId", sessionId);
        create.put("syncMode", "per_participant");
        create.put("totalTimeMs", 60_000);
        create.put("participants", List.of(Map.of("participantId", playerSub), Map.of("participantId", "bot")));

        JsonNode created = assertSuccess(post(ownerToken, "/api/sessions", create), 201);
        assertThat(created.path("ownerId").asText()).isEqualTo(ownerSub);

        try (WsClient ws = WsClient.connect(server.wsUri("/ws?sessionId=" + sessionId + "&token=" + ownerToken))) {
            assertThat(ws.next().path("type").asText()).isEqualTo("CONNECTED");
            JsonNode sync = ws.next();
            assertThat(sync.path("type").asText()).isEqualTo("STATE_SYNC");
            assertThat(sync.path("state").path("ownerId").asText()).isEqualTo(ownerSub);

            assertSuccess(post(ownerToken, "/api/sessions/" + sessionId + "/start", Map.of()), 200);
            assertThat(ws.await(f -> "STARTED".equals(f.path("event").asText()), WsClient.DEFAULT_WAIT)
                    .path("state").path("activeParticipantId").asText()).isEqualTo(playerSub);

            // The active participant is the external player: they may switch; another external user may not.
            String stranger = idp.token(EC, uniqueSub("stranger")).mint();
            assertError(post(stranger, "/api/sessions/" + sessionId + "/switch", Map.of()), 403, 5, null);
            JsonNode switched = assertSuccess(post(playerToken, "/api/sessions/" + sessionId + "/switch", Map.of()),
                    200);
            assertThat(switched.path("activeParticipantId").asText()).isEqualTo("bot");
            assertThat(ws.await(f -> "SWITCHED".equals(f.path("event").asText()), WsClient.DEFAULT_WAIT)
                    .path("state").path("version").asLong()).isEqualTo(switched.path("version").asLong());

            // Owner-only operations stay the owner's.
            assertError(post(playerToken, "/api/sessions/" + sessionId + "/pause", Map.of()), 403, 5, null);
            assertSuccess(post(ownerToken, "/api/sessions/" + sessionId + "/pause", Map.of()), 200);
        }
    }

    // ---- refused -------------------------------------------------------------------------------------------

    @Test
    void refusals_eachHaveTheirOwnReason() {
        String sub = uniqueSub("refused");
        expectRefused(idp.token(RSA, sub).mintUnsigned(), "TOKEN_ALGORITHM_NOT_ALLOWED");
        expectRefused(idp.token(RSA, sub).mintHs256WithPublicKey(), "TOKEN_ALGORITHM_NOT_ALLOWED");
        expectRefused(idp.token(EC, sub).mintHs256WithPublicKey(), "TOKEN_ALGORITHM_NOT_ALLOWED");
        // A key signing with the algorithm of another kid's key: the kid pins the algorithm.
        expectRefused(idp.token(RSA, sub).kid("ec-1").mint(), "TOKEN_ALGORITHM_NOT_ALLOWED");
        expectRefused(idp.token(RSA, sub).withoutKid().mint(), "TOKEN_KID_MISSING");
        expectRefused(idp.token(JwksFixture.rsa("never-published"), sub).mint(), "TOKEN_KID_UNKNOWN");
        expectRefused(idp.token(RSA, sub).audience("another-app").mint(), "TOKEN_AUDIENCE_INVALID");
        expectRefused(idp.token(RSA, sub).audience(null).mint(), "TOKEN_AUDIENCE_INVALID");
        expectRefused(idp.token(RSA, sub).issuer("https://evil.example").mint(), "TOKEN_ISSUER_INVALID");
        expectRefused(idp.token(RSA, sub).issuer(null).mint(), "TOKEN_ISSUER_INVALID");
        expectRefused(idp.token(RSA, sub).expiresIn(Duration.ofMinutes(-2)).mint(), "TOKEN_EXPIRED");
        // A key of the provider signing for another key's kid: a bad signature.
        expectRefused(idp.token(JwksFixture.rsa("rsa-1"), sub).mint(), "TOKEN_INVALID");
    }

    @Test
    void anAudienceList_thatNamesThisServer_isAccepted() {
        String token = idp.token(RSA, uniqueSub("multi-aud")).audience(List.of("other", JwksFixture.AUDIENCE)).mint();
        assertSuccess(post(token, "/api/messages", body("content", "x", "channelId", "aud-list")), 201);
    }

    @Test
    void expiredWithinTheThirtySecondSkew_isStillAccepted() {
        String token = idp.token(RSA, uniqueSub("skew")).expiresIn(Duration.ofSeconds(-10)).mint();
        assertSuccess(post(token, "/api/messages", body("content", "x", "channelId", "skew")), 201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "dots.in.it", "slash/y", "ünïcode",
            "x1234567890123456789012345678901234567890123456789012345678901234"})
    void aSubjectThatCannotNameATopic_isSubjectInvalid(String sub) {
        expectRefused(idp.token(RSA, sub).mint(), "SUBJECT_INVALID");
    }

    @Test
    void aMissingSubject_isSubjectInvalid() {
        expectRefused(idp.token(RSA, null).mint(), "SUBJECT_INVALID");
    }

    private static void expectRefused(String token, String reason) {
        assertError(get(token, "/api/messages"), 401, 4, reason);
    }
}
