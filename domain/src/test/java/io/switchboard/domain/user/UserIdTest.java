package io.switchboard.domain.user;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A user id: an account's UUID or an identity provider's subject, one syntax for both. */
class UserIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"alice", "a", "idp:user-1_x", "0f8fad5b-d9cb-469f-a165-70867728950e",
            "x123456789012345678901234567890123456789012345678901234567890123"})
    void aSubjectOf1To64CharactersOfTheTopicAlphabet_isAUserId(String text) {
        assertThat(UserId.isValid(text)).isTrue();
        assertThat(new UserId(text).value()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "dot.ted", "pipe|d", "ümlaut",
            "x1234567890123456789012345678901234567890123456789012345678901234"})
    void anythingElse_isNot(String text) {
        assertThat(UserId.isValid(text)).isFalse();
        assertThatThrownBy(() -> new UserId(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAccountsId_isItsCanonicalUuid() {
        UUID uuid = UUID.randomUUID();
        assertThat(new UserId(uuid).isUuid()).isTrue();
        assertThat(new UserId(uuid)).isEqualTo(new UserId(uuid.toString()));
        assertThat(new UserId("alice").isUuid()).isFalse();
        assertThat(new UserId(uuid.toString().toUpperCase()).isUuid()).isFalse();
    }
}
