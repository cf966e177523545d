package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.http.ErrorResponses.ProtocolRefusal;
import io.switchboard.domain.failure.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponsesTest {
    /** docs/api.md, "Errors": code -> HTTP status, written out by hand so that a change to the mapping shows. */
    private static final Map<ErrorCode, Integer> CONTRACT = new EnumMap<>(Map.of(
            ErrorCode.INVALID_INPUT, 400,
            ErrorCode.VALIDATION_ERROR, 400,
            ErrorCode.NOT_FOUND, 404,
            ErrorCode.UNAUTHORIZED, 401,
            ErrorCode.FORBIDDEN, 403,
            ErrorCode.CONFLICT, 409,
            ErrorCode.RATE_LIMITED, 429,
            ErrorCode.PAYLOAD_TOO_LARGE, 413,
            ErrorCode.INTERNAL_ERROR, 500,
            ErrorCode.SERVICE_UNAVAILABLE, 503));

    @Test
    void theTableCoversEveryCode() {
        assertThat(CONTRACT.keySet()).containsExactlyInAnyOrder(ErrorCode.values());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeMapsToItsContractStatus(ErrorCode code) {
        assertThat(ErrorResponses.status(code)).isEqualTo(CONTRACT.get(code));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void aStatusJettyChoseReadsBackToACodeWithThatStatus(ErrorCode code) {
        int status = ErrorResponses.status(code);
        assertThat(ErrorResponses.status(ErrorResponses.codeFor(status))).isEqualTo(status);
    }

    @Test
    void statusesOutsideTheTableAreTheClientsFaultOrTheServers() {
        assertThat(ErrorResponses.codeFor(400)).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(ErrorResponses.codeFor(409)).isEqualTo(ErrorCode.CONFLICT);
        assertThat(ErrorResponses.codeFor(414)).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(ErrorResponses.codeFor(431)).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(ErrorResponses.codeFor(502)).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void protocolRefusalsAreTheOnlyOtherStatusesAndCarryCodeOne() {
        assertThat(ProtocolRefusal.METHOD_NOT_ALLOWED.status()).isEqualTo(405);
        assertThat(ProtocolRefusal.BODY_TIMEOUT.status()).isEqualTo(408);
        for (ProtocolRefusal refusal : ProtocolRefusal.values()) {
            assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(CONTRACT.values()).doesNotContain(refusal.status());
        }
    }
}
