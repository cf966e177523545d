package io.switchboard.domain.user;

import io.switchboard.domain.failure.Unauthorized;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshTokenTest {
    private static final String SECRET = "Qk3xAbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-A";
    private final UserId user = new UserId(UUID.randomUUID());

    @Test
    void aTokenIsUserIdDotSecret_andParsesBackToItself() {
        RefreshToken token = RefreshToken.of(user, SECRET);

        assertThat(token.value()).isEqualTo(user + "." + SECRET);
        assertThat(RefreshToken.parse(token.value())).isEqualTo(token);
        assertThat(RefreshToken.parse(token.value()).user()).isEqualTo(user);
    }

    @Test
    void theHashIsTheSha256OfTheWholeToken_inHex_andToStringNeverShowsTheSecret() {
        RefreshToken token = RefreshToken.of(user, SECRET);

        assertThat(token.hash()).matches("[0-9a-f]{64}").doesNotContain(SECRET);
        assertThat(RefreshToken.of(user, SECRET.replace('Q', 'R')).hash()).isNotEqualTo(token.hash());
        assertThat(token.toString()).doesNotContain(SECRET);
    }

    @Test
    void anythingElse_isRefreshTokenInvalid() {
        String good = user + "." + SECRET;
        for (String bad : new String[] {null, "", "x", good + "A", good.substring(1), user + ":" + SECRET,
                user.toString().toUpperCase() + "." + SECRET, user + "." + SECRET.replace('_', '+'),
                "not-a-uuid-not-a-uuid-not-a-uuid-xx." + SECRET}) {
            assertThatThrownBy(() -> RefreshToken.parse(bad)).as("%s", bad).isInstanceOf(Unauthorized.class)
                    .extracting(e -> ((Unauthorized) e).reason()).isEqualTo("REFRESH_TOKEN_INVALID");
        }
    }
}
