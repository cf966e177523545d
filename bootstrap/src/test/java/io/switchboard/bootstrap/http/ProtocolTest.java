package io.switchboard.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.ServerLog;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.ISO_MILLIS;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiAssertions.assertValidationError;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** What every route shares: envelopes, request ids, routing errors, malformed and oversized bodies, the clock. */
class ProtocolTest {
    private static final int ONE_MIB = 1_048_576;
    private static TestServer server;
    private static ApiClient api;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        api = server.api();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void time_needsNoToken_andAnswersEpochMsAndTheSameInstantAsIso() {
        long before = System.currentTimeMillis();
        JsonNode data = assertSuccess(http.get("/api/time"), 200);
        long after = System.currentTimeMillis();

        long epochMs = data.path("epochMs").asLong();
        assertThat(data.path("epochMs").isIntegralNumber()).isTrue();
        assertThat(epochMs).isBetween(before - 1000, after + 1000);
        assertThat(data.path("iso").asText()).matches(ISO_MILLIS);
        assertThat(Instant.parse(data.path("iso").asText()).toEpochMilli()).isEqualTo(epochMs);
    }

    @Test
    void givenARequestId_everyResponseEchoesIt_successOrError() {
        assertThat(http.call("GET", "/api/time").requestId("req-42.a:b_c").send().header("X-Request-Id"))
                .isEqualTo("req-42.a:b_c");
        assertThat(http.call("GET", "/api/nowhere").requestId("req-43").send().header("X-Request-Id"))
                .isEqualTo("req-43");
        assertThat(http.call("GET", "/api/auth/me").requestId("req-44").send().header("X-Request-Id"))
                .isEqualTo("req-44");
    }

    @Test
    void withoutARequestId_eachResponseGetsAFreshOne() {
        String first = http.get("/api/time").header("X-Request-Id");
        String second = http.get("/api/time").header("X-Request-Id");
        String onError = http.get("/api/nowhere").header("X-Request-Id");

        assertThat(first).isNotBlank();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(onError).isNotBlank().isNotIn(first, second);
    }

    @Test
    void a204_hasARequestIdAndNoBody() {
        Account account = api.newAccount("proto204");
        Http.Response deleted = http.call("DELETE", "/api/users/" + account.id()).bearer(account.token())
                .requestId("req-204").send();

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(deleted.header("X-Request-Id")).isEqualTo("req-204");
    }

    @ParameterizedTest
    // Not "/": it serves the console (BrowserConsoleTest).
    @ValueSource(strings = {"/api/nowhere", "/index.html", "/api", "/api/users", "/api/messages/x/y", "/api/auth"})
    void anUnknownRoute_is404Code3RouteNotFound(String path) {
        assertError(http.get(path), 404, 3, "ROUTE_NOT_FOUND");
    }

    @Test
    void anUnknownRoute_is404EvenWithAToken_andEvenForPost() {
        Account account = api.newAccount("proto404");
        assertError(http.call("POST", "/api/nothing-here").bearer(account.token()).json(Map.of()).send(),
                404, 3, "ROUTE_NOT_FOUND");
    }

    @Test
    void aKnownPathWithTheWrongMethod_is405Code1_withAllow() {
        Http.Response response = http.call("DELETE", "/api/time").send();

        assertError(response, 405, 1, null);
        assertThat(response.header("Allow")).contains("GET");
    }

    @Test
    void wrongMethodOnAParameterisedPath_is405_listingTheMethodsThatExist() {
        Http.Response response = http.call("PATCH", "/api/users/" + UUID.randomUUID()).send();

        assertError(response, 405, 1, null);
        assertThat(response.header("Allow")).contains("GET", "PUT", "DELETE").doesNotContain("PATCH");
    }

    @Test
    void getOnRegister_is405NotA404() {
        assertError(http.get("/api/auth/register"), 405, 1, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"email\": }", "not json", "{\"email\":\"a@b.test\"} trailing",
            "{\"email\":\"a@b.test\",\"email\":\"c@d.test\"}", "", "\u0000"})
    void malformedJson_is400Code1(String raw) {
        assertError(http.call("POST", "/api/auth/register").raw(raw).send(), 400, 1, "MALFORMED_JSON");
    }

    @Test
    void malformedJsonOnAnAuthenticatedRoute_is400Code1() {
        Account account = api.newAccount("protomalformed");
        assertError(http.call("POST", "/api/messages").bearer(account.token()).raw("{\"content\":").send(),
                400, 1, "MALFORMED_JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "true"})
    void aBodyThatIsNotAnObject_is400Code2NamingTheBody(String raw) {
        assertValidationError(http.call("POST", "/api/auth/login").raw(raw).send(), "body");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String email = ApiClient.uniqueEmail("protounknown");
        Http.Response response = http.call("POST", "/api/auth/register").json(body("email", email, "name", "Unknown",
                "password", ApiClient.GOOD_PASSWORD, "favouriteColour", "green", "roles", List.of("admin"))).send();

        JsonNode user = assertSuccess(response, 201);
        assertThat(user.has("favouriteColour")).isFalse();
        assertThat(user.path("roles")).extracting(JsonNode::asText).containsExactly("user");
    }

    @Test
    void aBodyOverOneMebibyte_withContentLength_is413Code8() {
        // Only the start of the announced body is sent: the server must answer from the Content-Length alone,
        // without waiting for (or buffering) the rest. A client that did send it all could see the connection cut
        // under its write, which is why a raw socket is used here.
        String head = "{\"email\":\"big@switchboard.test\",\"name\":\"Big\",\"password\":\"xxxx";
        RawHttp.Response response = RawHttp.exchange(server.port(), "POST /api/auth/register HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + (ONE_MIB + 1) + "\r\n\r\n"
                + head);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(8);
        assertThat(response.json().path("error").path("reason").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(api.login("big@switchboard.test", "anything").status()).isEqualTo(401);
    }

    @Test
    void aBodyOverOneMebibyte_streamedWithoutLength_is413Code8() {
        Account account = api.newAccount("protochunked");
        String channel = "chunked-" + account.id().substring(0, 8);
        InputStream head = new ByteArrayInputStream(
                ("{\"channelId\":\"" + channel + "\",\"content\":\"").getBytes(StandardCharsets.US_ASCII));
        InputStream filler = new ByteArrayInputStream("y".repeat(2 * ONE_MIB).getBytes(StandardCharsets.US_ASCII));
        InputStream tail = new ByteArrayInputStream("\"}".getBytes(StandardCharsets.US_ASCII));
        HttpRequest.BodyPublisher streamed = HttpRequest.BodyPublishers.ofInputStream(
                () -> new SequenceInputStream(Collections.enumeration(List.of(head, filler, tail))));

        Http.Response response = http.call("POST", "/api/messages").bearer(account.token()).body(streamed).send();

        assertError(response, 413, 8, "PAYLOAD_TOO_LARGE");
        assertThat(api.listMessages(account.token(), "channelId=" + channel).data().path("total").asLong())
                .as("nothing was stored").isZero();
    }

    @Test
    void aBodyOfExactlyTheLimit_isNotRefusedForItsSize() {
        String prefix = "{\"email\":\"" + ApiClient.uniqueEmail("protolimit") + "\",\"name\":\"";
        String suffix = "\",\"password\":\"" + ApiClient.GOOD_PASSWORD + "\"}";
        String exact = prefix + "n".repeat(ONE_MIB - prefix.length() - suffix.length()) + suffix;
        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(ONE_MIB);

        // The name is far too long, so the answer is a validation error: the point is that it is not 413.
        assertValidationError(http.call("POST", "/api/auth/register").raw(exact).send(), "name");
    }

    @Test
    void aStreamedBodyUnderTheLimit_isAccepted() {
        Account account = api.newAccount("protostream");
        String json = Http.toJson(body("channelId", "streamed", "content", "sent in chunks"));
        HttpRequest.BodyPublisher streamed = HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        Http.Response response = http.call("POST", "/api/messages").bearer(account.token()).body(streamed).send();

        assertThat(assertSuccess(response, 201).path("content").asText()).isEqualTo("sent in chunks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=%zz", "channelId=%E2%82", "page=%"})
    void aQueryStringThatCannotBeDecoded_is400Code1_notA500(String query) {
        Account account = api.newAccount("protoquery");

        RawHttp.Response response = RawHttp.get(server.port(), "/api/messages?" + query,
                "Authorization: Bearer " + account.token(), "X-Request-Id: raw-query");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(1);
        assertThat(response.header("X-Request-Id")).isEqualTo("raw-query");
    }

    @Test
    void aRequestJettyRefusesBeforeRouting_stillGetsTheEnvelopeAndARequestId() {
        RawHttp.Response badUri = RawHttp.get(server.port(), "/api/%zz", "X-Request-Id: raw-uri");

        assertThat(badUri.status()).isEqualTo(400);
        assertThat(badUri.header("Content-Type")).startsWith("application/json");
        assertThat(badUri.json().path("success").asBoolean(true)).isFalse();
        assertThat(badUri.json().path("error").path("code").asInt()).isEqualTo(1);
        assertThat(badUri.json().path("timestamp").asText()).matches(ISO_MILLIS);
        // Jetty refuses the request line before it reads the headers, so the id can only be a generated one.
        assertThat(badUri.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void headersTooLarge_is431WithTheEnvelopeAndARequestId() {
        RawHttp.Response response = RawHttp.get(server.port(), "/api/time", "X-Padding: " + "p".repeat(20_000));

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.json().path("error").path("code").asInt()).isEqualTo(1);
        assertThat(response.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void aBodyCutShortByTheClient_isAnInputError_notAnInternalOne() throws Exception {
        String id = "raw-short-" + UUID.randomUUID();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nX-Request-Id: " + id
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!response.isEmpty()) {
                assertThat(response).startsWith("HTTP/1.1 400");
            }
        }
        assertThat(ServerLog.awaitLinesContaining(id)).as("one request line, not an error with a stack trace")
                .singleElement().asString().doesNotContain("ERROR").contains("-> 400");
    }

    @Test
    void successAndErrorTimestampsAreServerTimeInIsoMillis() {
        Instant before = Instant.now().minusSeconds(1);
        String ok = http.get("/api/time").json().path("timestamp").asText();
        String error = http.get("/api/nowhere").json().path("timestamp").asText();
        Instant after = Instant.now().plusSeconds(1);

        assertThat(ok).matches(ISO_MILLIS);
        assertThat(error).matches(ISO_MILLIS);
        assertThat(Instant.parse(ok)).isBetween(before, after);
        assertThat(Instant.parse(error)).isBetween(before, after);
    }

    @Test
    void aServerAnswersWithinTheTimeoutWhenManyRequestsRunInParallel() {
        List<java.util.concurrent.CompletableFuture<Http.Response>> calls = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> http.call("GET", "/api/time").sendAsync()).toList();

        for (var call : calls) {
            assertThat(Http.Response.join(call.orTimeout(Duration.ofSeconds(20).toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS)).status()).isEqualTo(200);
        }
    }
}
