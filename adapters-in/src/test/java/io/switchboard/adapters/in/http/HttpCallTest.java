package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.json.JsonObject;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What an endpoint reads from a request (path, query, caller, JSON body), without a server. */
class HttpCallTest {
    private static final Caller ADA = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    /** A fake use case: the token "good" is Ada, anything else code 4. */
    private static final AuthenticateUseCase AUTH = token -> {
        if ("good".equals(token)) {
            return new VerifiedToken(ADA, Instant.parse("2030-01-01T00:00:00Z"), 0);
        }
        throw new Unauthorized(token == null ? "TOKEN_MISSING" : "TOKEN_INVALID", "no");
    };

    // The server API's credentials (null): none of these calls asks for a server caller.

    private static HttpCall call(String pathAndQuery) {
        return new HttpCall(FakeRequest.get(pathAndQuery), Map.of("id", "42"), AUTH, null);
    }

    private static HttpCall withBody(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpCall call = new HttpCall(FakeRequest.of("POST", "/api/x", HttpFields.EMPTY, bytes.length), Map.of(),
                AUTH, null);
        call.receivedBody(bytes);
        return call;
    }

    @Test
    void pathParametersComeFromTheRouter() {
        assertThat(call("/api/users/42").path("id")).isEqualTo("42");
        assertThat(call("/api/users/42").path("other")).isNull();
    }

    @Test
    void queryParametersAreDecodedAndARepeatedOneIsRefused() {
        assertThat(call("/api/messages?channelId=gen%20eral&page=2").query("channelId")).isEqualTo("gen eral");
        assertThat(call("/api/messages").query("channelId")).isNull();
        Failure twice = catchThrowableOfType(Failure.class, () -> call("/api/messages?page=1&page=2").query("page"));
        assertThat(twice.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(twice.reason()).isEqualTo("INVALID_QUERY");
    }

    @Test
    void anIntegerQueryHasADefaultAndRefusesText() {
        assertThat(call("/api/messages?page=3").intQuery("page", 1)).isEqualTo(3);
        assertThat(call("/api/messages").intQuery("page", 1)).isEqualTo(1);
        Failure text = catchThrowableOfType(Failure.class, () -> call("/api/messages?page=two").intQuery("page", 1));
        assertThat(text.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(text.reason()).isEqualTo("INVALID_QUERY");
    }

    @Test
    void theCallerComesFromTheBearerToken() {
        HttpFields headers = HttpFields.build().put(HttpHeader.AUTHORIZATION, "Bearer good");
        HttpCall call = new HttpCall(FakeRequest.of("GET", "/api/auth/me", headers, 0), Map.of(), AUTH, null);
        assertThat(call.caller()).isEqualTo(ADA);
        Failure missing = catchThrowableOfType(Failure.class, () -> call("/api/auth/me").caller());
        assertThat(missing.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(missing.reason()).isEqualTo("TOKEN_MISSING");
    }

    @Test
    void aJsonBodyIsReadFieldByField() throws Exception {
        JsonObject body = withBody("{\"content\":\"hi\",\"limit\":5,\"extra\":true}").body();
        assertThat(body.string("content")).isEqualTo("hi");
        assertThat(body.integer("limit")).isEqualTo(5L);
        assertThat(body.string("missing")).isNull();
        body.check(); // unknown fields are ignored
    }

    @Test
    void aFieldOfTheWrongTypeIsCodeTwoNamingTheField() throws Exception {
        JsonObject body = withBody("{\"content\":5,\"limit\":\"five\"}").body();
        assertThat(body.string("content")).isNull();
        assertThat(body.integer("limit")).isNull();
        ValidationFailed failed = catchThrowableOfType(ValidationFailed.class, body::check);
        assertThat(failed.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(failed.errors()).extracting(e -> e.field()).containsExactly("content", "limit");
    }

    @Test
    void malformedJsonIsCodeOneAndANonObjectCodeTwo() {
        Failure malformed = catchThrowableOfType(Failure.class, () -> withBody("{\"content\":").body());
        assertThat(malformed.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        Failure array = catchThrowableOfType(Failure.class, () -> withBody("[1,2]").body());
        assertThat(array.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void aBodyIsAnnouncedByALengthOrByChunking() {
        assertThat(HttpCall.hasBody(FakeRequest.of("POST", "/", HttpFields.EMPTY, 10))).isTrue();
        assertThat(HttpCall.hasBody(FakeRequest.of("POST", "/", HttpFields.EMPTY, 0))).isFalse();
        HttpFields chunked = HttpFields.build().put(HttpHeader.TRANSFER_ENCODING, "chunked");
        assertThat(HttpCall.hasBody(FakeRequest.of("POST", "/", chunked, -1))).isTrue();
        assertThat(HttpCall.hasBody(FakeRequest.of("POST", "/", HttpFields.EMPTY, -1))).isFalse();
    }
}
