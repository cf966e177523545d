package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body that breaks a rule once per array element must not be answered with an error per element: details.errors
 * lists the first 20 broken rules, and details.errorCount says how many there were (docs/decisions.md,
 * "Hardening: validation answers").
 */
class ValidationErrorCapTest {
    private static TestServer server;
    private static Account owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "0"));
        owner = server.api().newAccount("validation-cap");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http.Response create(List<?> participants) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("syncMode", "per_participant");
        body.put("totalTimeMs", 60_000);
        body.put("participants", participants);
        return server.http().call("POST", "/api/sessions").bearer(owner.token()).json(body).send();
    }

    @Test
    void athousandParticipantsThatAreNotObjectsGetABoundedAnswer() {
        List<Integer> participants = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            participants.add(i);
        }

        Http.Response response = create(participants);

        JsonNode error = assertError(response, 400, 2, "VALIDATION_ERROR");
        JsonNode details = error.path("details");
        assertThat(details.path("errors")).hasSize(20);
        assertThat(details.path("errors").get(0).path("field").asText()).isEqualTo("participants[0]");
        assertThat(details.path("errors").get(19).path("field").asText()).isEqualTo("participants[19]");
        assertThat(details.path("errorCount").asInt()).isEqualTo(1000);
        assertThat(details.path("truncated").asBoolean()).isTrue();
        assertThat(error.path("message").asText()).contains("999 more");
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
    }

    @Test
    void athousandParticipantsWithBadIdsAndClocksGetABoundedAnswerCountingEveryBrokenRule() {
        List<Map<String, Object>> participants = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            participants.add(Map.of("participantId", "bad id " + i, "totalTimeMs", 1));
        }

        Http.Response response = create(participants);

        JsonNode error = assertError(response, 400, 2, "VALIDATION_ERROR");
        JsonNode details = error.path("details");
        assertThat(details.path("errors")).hasSize(20);
        assertThat(details.path("errorCount").asInt()).isEqualTo(2000); // an id and a clock per participant
        assertThat(details.path("truncated").asBoolean()).isTrue();
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
    }

    @Test
    void aParticipantsArrayOverTheLimitIsOneBrokenRuleNotOnePerElement() {
        List<Integer> participants = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            participants.add(0);
        }

        Http.Response response = create(participants);

        JsonNode details = assertError(response, 400, 2, "VALIDATION_ERROR").path("details");
        assertThat(details.path("errors")).hasSize(1);
        assertThat(details.path("errors").get(0).path("field").asText()).isEqualTo("participants");
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
    }

    @Test
    void aFewBrokenRulesAreAllListedWithoutACount() {
        Http.Response response = create(List.of(1, 2, 3));

        JsonNode details = assertError(response, 400, 2, "VALIDATION_ERROR").path("details");
        assertThat(details.path("errors")).hasSize(3);
        assertThat(details.has("errorCount")).isFalse();
        assertThat(details.has("truncated")).isFalse();
    }
}
