package io.switchboard.adapters.in.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Route matching without a server: found with its path parameters, 405 with the allowed methods, else 404. */
class RouterTest {
    private static final Endpoint NONE = call -> Reply.noContent();

    private final Router router = new Router()
            .add("GET", "/api/users/{id}", true, NONE)
            .add("PUT", "/api/users/{id}", true, NONE)
            .add("DELETE", "/api/users/{id}", true, NONE)
            .add("POST", "/api/sessions/{id}/switch", true, NONE)
            .add("GET", "/api/time", false, NONE)
            .add("GET", "/api/users/me", true, NONE);

    @Test
    void aTemplateBindsItsPathParameters() {
        Router.Match match = router.match("POST", "/api/sessions/s-1/switch");
        assertThat(match).isInstanceOf(Router.Found.class);
        Router.Found found = (Router.Found) match;
        assertThat(found.route().template()).isEqualTo("/api/sessions/{id}/switch");
        assertThat(found.route().authenticated()).isTrue();
        assertThat(found.pathParams()).isEqualTo(Map.of("id", "s-1"));
    }

    @Test
    void routesMatchInTheOrderTheyWereAdded() {
        // `/api/users/{id}` comes first and takes `me` as an id: the order of registration decides.
        Router.Found found = (Router.Found) router.match("GET", "/api/users/me");
        assertThat(found.route().template()).isEqualTo("/api/users/{id}");
        assertThat(found.pathParams()).containsEntry("id", "me");
    }

    @Test
    void aTrailingSlashIsTheSamePath() {
        assertThat(router.match("GET", "/api/time/")).isInstanceOf(Router.Found.class);
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithTheAllowedMethodsInOrder() {
        Router.Match match = router.match("PATCH", "/api/users/42");
        assertThat(match).isInstanceOf(Router.MethodNotAllowed.class);
        assertThat(((Router.MethodNotAllowed) match).allowed()).containsExactly("GET", "PUT", "DELETE");
    }

    @Test
    void anUnknownPathIs404() {
        assertThat(router.match("GET", "/api/nothing")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match("GET", "/api/users/42/extra")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match("GET", "/")).isInstanceOf(Router.NotFound.class);
    }

    @Test
    void anEmptySegmentNeverBindsAParameter() {
        assertThat(router.match("GET", "/api/users//")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match("POST", "/api/sessions//switch")).isInstanceOf(Router.NotFound.class);
    }

    @Test
    void theRestApiTableHasNoDuplicateRoute() {
        assertThat(RestApi.routes()).doesNotHaveDuplicates();
        assertThat(RestApi.routes()).extracting(RestApi.RouteInfo::template).contains("/api/messages",
                "/api/sessions/{id}/switch", "/health/ready");
    }
}
