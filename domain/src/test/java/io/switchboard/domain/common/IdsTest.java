package io.switchboard.domain.common;

import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IdsTest {

    @Test
    void aCanonicalUuid_parses() {
        UUID uuid = UUID.randomUUID();
        assertThat(Ids.parseUuid(uuid.toString(), "user id")).isEqualTo(uuid);
    }

    @Test
    void upperCaseHex_parsesToo() {
        UUID uuid = UUID.randomUUID();
        assertThat(Ids.parseUuid(uuid.toString().toUpperCase(), "user id")).isEqualTo(uuid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "not-a-uuid", "1-1-1-1-1", "00000000-0000-0000-0000-00000000000g",
            "00000000000000000000000000000000", "{00000000-0000-0000-0000-000000000000}",
            "00000000-0000-0000-0000-0000000000000", "0000000-00000-0000-0000-000000000000",
            " 0000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000"})
    void anythingButACanonicalUuid_isInvalidInputCode1_namingWhatWasExpected(String text) {
        InvalidInput failure = catchThrowableOfType(InvalidInput.class, () -> Ids.parseUuid(text, "message id"));

        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(failure.code().number()).isEqualTo(1);
        assertThat(failure.reason()).isEqualTo("INVALID_ID");
        assertThat(failure.getMessage()).contains("message id");
    }

    @Test
    void null_isInvalidInput() {
        assertThat(catchThrowableOfType(InvalidInput.class, () -> Ids.parseUuid(null, "user id")).reason())
                .isEqualTo("INVALID_ID");
    }

    @Test
    void typedIds_parseTheSameWay() {
        UUID uuid = UUID.randomUUID();
        assertThat(UserId.parse(uuid.toString())).isEqualTo(new UserId(uuid));
        assertThat(UserId.parse(uuid.toString().toUpperCase()).value()).isEqualTo(uuid.toString());
        assertThat(MessageId.parse(uuid.toString()).value()).isEqualTo(uuid);
        assertThat(catchThrowableOfType(InvalidInput.class, () -> UserId.parse("1-1-1-1-1"))).isNotNull();
    }
}
