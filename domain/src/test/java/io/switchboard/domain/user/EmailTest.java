package io.switchboard.domain.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailTest {

    @Test
    void anEmailIsTrimmedAndLowerCased() {
        assertThat(new Email("  Ada.Lovelace@Example.ORG ").value()).isEqualTo("ada.lovelace@example.org");
    }

    @Test
    void emailsDifferingOnlyInCaseAndSpace_areEqual() {
        assertThat(new Email("ADA@example.org")).isEqualTo(new Email(" ada@EXAMPLE.org"));
        assertThat(new Email("ADA@example.org")).hasSameHashCodeAs(new Email("ada@example.org"));
    }

    @Test
    void anInvalidEmail_cannotBeMade() {
        assertThatThrownBy(() -> new Email("not-an-email")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Email(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void isValid_judgesTheTrimmedText_andAllowsAtMost255Characters() {
        assertThat(Email.isValid(" a@b.co ")).isTrue();
        assertThat(Email.isValid(null)).isFalse();
        assertThat(Email.isValid("a".repeat(250) + "@b.co")).isTrue();
        assertThat(Email.isValid("a".repeat(251) + "@b.co")).isFalse();
    }

    @Test
    void theLabelsOfTheDomain_areChecked() {
        assertThat(Email.isValid("a@b-c.example")).isTrue();
        assertThat(Email.isValid("a@b_c.example")).isFalse();
        assertThat(Email.isValid("a@" + "l".repeat(63) + ".example")).isTrue();
        assertThat(Email.isValid("a@" + "l".repeat(64) + ".example")).isFalse();
    }
}
