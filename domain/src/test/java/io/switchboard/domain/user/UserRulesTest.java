package io.switchboard.domain.user;

import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.failure.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UserRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "first.last+tag@sub.example.org", "  padded@example.org  ", "UPPER@EXAMPLE.ORG"})
    void validEmails_pass(String email) {
        assertThat(fields(v -> UserRules.checkEmail(v, email))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plain", "a@b", "@b.co", "a@", "a@@b.co", "a b@c.co", "a@-b.co", "a@b.co."})
    void invalidEmails_failOnEmail(String email) {
        assertThat(fields(v -> UserRules.checkEmail(v, email))).containsExactly("email");
    }

    @Test
    void aNullEmail_failsOnEmail() {
        assertThat(fields(v -> UserRules.checkEmail(v, null))).containsExactly("email");
    }

    @Test
    void emailLength_255Passes_256Fails() {
        String domain = "@example.org";
        String at255 = "a".repeat(255 - domain.length()) + domain;

        assertThat(fields(v -> UserRules.checkEmail(v, at255))).isEmpty();
        assertThat(fields(v -> UserRules.checkEmail(v, "a" + at255))).containsExactly("email");
    }

    @Test
    void nameLength_2to100_afterTrimming_countedInCodePoints() {
        assertThat(fields(v -> UserRules.checkName(v, "Al"))).isEmpty();
        assertThat(fields(v -> UserRules.checkName(v, "n".repeat(100)))).isEmpty();
        assertThat(fields(v -> UserRules.checkName(v, "  Al  "))).isEmpty();
        assertThat(fields(v -> UserRules.checkName(v, "😀😀"))).as("two emoji are two characters").isEmpty();

        assertThat(fields(v -> UserRules.checkName(v, "A"))).containsExactly("name");
        assertThat(fields(v -> UserRules.checkName(v, " A "))).containsExactly("name");
        assertThat(fields(v -> UserRules.checkName(v, "n".repeat(101)))).containsExactly("name");
        assertThat(fields(v -> UserRules.checkName(v, null))).containsExactly("name");
        assertThat(fields(v -> UserRules.checkName(v, "😀"))).containsExactly("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Aa1!aaaa", "Corr3ct-Horse!", "ÄÖü1 #xyz", "P4ss w0rd?"})
    void passwordsWithEveryClass_pass(String password) {
        assertThat(fields(v -> UserRules.checkPassword(v, password))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aa1!aaaa", "AA1!AAAA", "Aa!!aaaa", "Aa11aaaa", "Aa1 aaaa"})
    void aPasswordMissingAClass_fails(String password) {
        assertThat(fields(v -> UserRules.checkPassword(v, password))).containsExactly("password");
    }

    @Test
    void passwordLength_8to128() {
        assertThat(fields(v -> UserRules.checkPassword(v, "Aa1!aaa"))).containsExactly("password");
        assertThat(fields(v -> UserRules.checkPassword(v, "Aa1!" + "a".repeat(124)))).isEmpty();
        assertThat(fields(v -> UserRules.checkPassword(v, "Aa1!" + "a".repeat(125)))).containsExactly("password");
        assertThat(fields(v -> UserRules.checkPassword(v, null))).containsExactly("password");
    }

    @Test
    void aPasswordIsNeverEchoedInTheMessage() {
        String password = "secretlowercaseonly";
        ValidationFailed failure = catchThrowableOfType(ValidationFailed.class, () -> {
            Violations v = new Violations();
            UserRules.checkPassword(v, password);
            v.throwIfAny();
        });

        assertThat(failure.getMessage()).doesNotContain(password);
        assertThat(failure.errors()).extracting(FieldError::message).noneMatch(m -> m.contains(password));
    }

    private static List<String> fields(Consumer<Violations> check) {
        Violations v = new Violations();
        check.accept(v);
        if (v.isEmpty()) {
            return List.of();
        }
        return catchThrowableOfType(ValidationFailed.class, v::throwIfAny).errors().stream()
                .map(FieldError::field).toList();
    }
}
