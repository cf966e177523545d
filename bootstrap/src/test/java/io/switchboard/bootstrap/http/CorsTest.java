package io.switchboard.bootstrap.http;

import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/** CORS_ORIGINS: `*` by default, or a list of allowed origins. */
class CorsTest {

    @Nested
    class WithTheDefaultAnyOrigin {
        private static TestServer server;
        private static Http http;

        @BeforeAll
        static void start() {
            server = TestServer.start();
            http = server.http();
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void aPreflight_is204_allowingTheMethodsAndHeadersTheApiUses() {
            Http.Response preflight = preflight(http, "https://app.example", "PUT", "authorization,content-type");

            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.body()).isEmpty();
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(preflight.header("Access-Control-Allow-Methods"))
                    .contains("GET", "POST", "PUT", "PATCH", "DELETE");
            assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                    .contains("authorization", "content-type", "x-request-id");
            assertThat(preflight.header("X-Request-Id")).isNotBlank();
        }

        @Test
        void aPreflight_needsNoToken_evenForAnAuthenticatedRoute() {
            assertThat(preflight(http, "https://app.example", "DELETE", "authorization")
                    .status()).isEqualTo(204);
        }

        @Test
        void anActualRequestWithAnOrigin_isAllowed_andExposesTheHeadersClientsRead() {
            Http.Response response = http.call("GET", "/api/time").header("Origin", "https://app.example").send();

            assertSuccess(response, 200);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(response.header("Access-Control-Expose-Headers"))
                    .contains("X-Request-Id", "Retry-After", "RateLimit-Remaining");
        }

        @Test
        void aRequestWithoutAnOrigin_getsNoCorsHeaders() {
            assertThat(http.get("/api/time").header("Access-Control-Allow-Origin")).isNull();
        }

        @Test
        void errorsCarryCorsHeadersToo_soABrowserCanReadThem() {
            Http.Response response = http.call("GET", "/api/auth/me").header("Origin", "https://app.example").send();

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        }
    }

    @Nested
    class WithAListOfOrigins {
        private static TestServer server;
        private static Http http;

        @BeforeAll
        static void start() {
            server = TestServer.start(Map.of("CORS_ORIGINS", "https://one.example, https://two.example"));
            http = server.http();
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void aListedOrigin_isEchoed_withVaryOrigin() {
            Http.Response response = http.call("GET", "/api/time").header("Origin", "https://two.example").send();

            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://two.example");
            assertThat(response.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Origin"));
        }

        @Test
        void aPreflightFromAListedOrigin_isAllowed() {
            Http.Response preflight = preflight(http, "https://one.example", "POST", "content-type");

            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://one.example");
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        }

        @Test
        void anUnlistedOrigin_getsNoCorsHeaders_onPreflightOrRequest() {
            Http.Response preflight = preflight(http, "https://evil.example", "POST", "content-type");
            Http.Response request = http.call("GET", "/api/time").header("Origin", "https://evil.example").send();

            assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
            assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
            assertThat(request.header("Access-Control-Allow-Origin")).isNull();
            assertThat(request.header("Access-Control-Expose-Headers")).isNull();
        }

        @Test
        void originsMatchExactly_notByPrefixOrCase() {
            assertThat(http.call("GET", "/api/time").header("Origin", "https://one.example.evil.test").send()
                    .header("Access-Control-Allow-Origin")).isNull();
            assertThat(http.call("GET", "/api/time").header("Origin", "http://one.example").send()
                    .header("Access-Control-Allow-Origin")).isNull();
        }
    }

    private static Http.Response preflight(Http http, String origin, String method, String headers) {
        return http.call("OPTIONS", "/api/users/00000000-0000-0000-0000-000000000000")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .send();
    }
}
