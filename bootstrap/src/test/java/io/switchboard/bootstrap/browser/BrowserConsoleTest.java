package io.switchboard.bootstrap.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Browser;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console at {@code /} in headless Chromium, end to end: sign in, subscribe, see a message POSTed over REST
 * arrive, watch a session clock tick and switch, and the admin pages. It takes the screenshots docs/console.png and
 * docs/console-session.png (written to bootstrap/target/; with {@code -Dswitchboard.screenshot=docs}, to docs/).
 */
class BrowserConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ADMIN = "console-admin@example.test";
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", ADMIN, "SWITCH_RATE_LIMIT", "0"));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void signInSubscribeReceiveARestPost_watchASessionClockTickAndSwitch_andTheAdminPages() throws Exception {
        Account ada = adminAccount();
        Account bob = server.api().newAccount("console-bob");

        browser.open(server.baseUrl() + "/");
        browser.type("email", ada.email());
        browser.type("password", ada.password());
        browser.click("signin");
        Await.until("signed in", WAIT, () -> browser.text("whoami").contains("Ada Admin"));
        Await.until("connected", WAIT, () -> browser.text("conn-state").equals("connected"));

        browser.type("sub-topic", "messages.channel.lobby");
        browser.click("sub-btn");
        Await.until("the subscription listed", WAIT, () -> browser.text("sub-list").contains("messages.channel.lobby"));

        server.api().sendToChannel(bob, "lobby", "hello from REST");
        Await.until("the REST post in the live feed", WAIT, () -> browser.text("feed").contains("hello from REST"));
        server.api().sendToChannel(ada, "lobby", "the console shows every message.sent live");

        // Sessions: created over REST, watched and driven from the console.
        String sessionId = UUID.randomUUID().toString();
        Http.Response created = server.http().call("POST", "/api/sessions").bearer(ada.token()).json(Map.of(
                "sessionId", sessionId, "syncMode", "per_participant", "totalTimeMs", 300_000,
                "participants", List.of(Map.of("participantId", ada.id()), Map.of("participantId", bob.id()))))
                .send();
        assertThat(created.status()).isEqualTo(201);
        browser.click("tab-sessions");
        browser.type("session-id", sessionId);
        browser.click("session-watch");
        Await.until("the session shown", WAIT, () -> browser.text("session-status").equals("pending"));
        browser.click("op-start");
        Await.until("running", WAIT, () -> browser.text("session-status").equals("running"));

        long first = clockMs(0);
        Await.until("the clock ticks", WAIT, () -> clockMs(0) <= first - 300);
        assertThat(clockMs(0)).isBetween(290_000L, 300_000L);
        long bobBefore = clockMs(1);
        assertThat(bobBefore).isEqualTo(300_000L);

        browser.click("op-switch");
        Await.until("switched to bob", WAIT, () -> browser.text("session-version").equals("3"));
        long adaAfter = clockMs(0);
        Await.until("bob's clock ticks", WAIT, () -> clockMs(1) <= 300_000L - 300);
        assertThat(clockMs(0)).as("ada's clock stopped").isEqualTo(adaAfter);
        double offset = Double.parseDouble(browser.text("session-offset"));
        assertThat(Math.abs(offset)).as("clock offset on loopback").isLessThanOrEqualTo(5.0);
        screenshot("console-session.png");

        // Admin pages (this account is in ADMIN_EMAILS).
        browser.click("tab-admin");
        Await.until("the instance", WAIT, () -> browser.text("instance").contains("connections"));
        String self = server.http().call("GET", "/api/admin/instance").bearer(ada.token()).send().data()
                .path("instanceId").asText();
        Await.until("the live instances listed", WAIT,
                () -> browser.text("node-rows").contains(self + " (this one)") && browser.text("node-page").contains("(1)"));
        Await.until("this browser's connections listed", WAIT,
                () -> browser.text("conn-rows").contains(ada.id()) && browser.text("conn-rows").contains("session"));
        Await.until("the topics listed", WAIT, () -> browser.text("topic-rows").contains("messages.channel.lobby"));
        browser.type("inspect-topic", "messages.channel.lobby");
        browser.click("inspect-btn");
        Await.until("the inspector", WAIT, () -> browser.text("inspect").contains("1 connections"));

        browser.click("tab-topics");
        Await.until("the feed shown", WAIT, () -> browser.find("feed").isDisplayed());
        screenshot("console.png");
    }

    @Test
    void theConsoleAndTheClientAreServedWithAStrictCspAndTheRightTypes() {
        Http.Response page = server.http().get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Request-Id")).isNotBlank();
        assertThat(page.body()).doesNotContain("<style").doesNotContain("style=").doesNotContain("onclick")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(page.body().replaceAll("<script type=\"module\" src=\"/console/console.js\"></script>", ""))
                .doesNotContain("<script");

        Http.Response js = server.http().get("/client/switchboard.js");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("export class Switchboard")
                .as("no dependencies: no import statement").doesNotContainPattern("(?m)^\\s*import[\\s{*]");
        String etag = js.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(server.http().call("GET", "/client/switchboard.js").header("If-None-Match", etag).send().status())
                .isEqualTo(304);
        assertThat(server.http().get("/client/switchboard.d.ts").header("Content-Type"))
                .startsWith("application/typescript");
        assertThat(server.http().get("/console/console.css").header("Content-Type")).startsWith("text/css");
        assertThat(server.http().get("/console/../pom.xml").status()).isEqualTo(404);
        assertThat(server.http().call("POST", "/").json(Map.of()).send().status())
                .as("only GET and HEAD are served; anything else goes to the API, which has no such route")
                .isEqualTo(404);
    }

    @Test
    void theAdminPullApisAreForAdminsOnly() {
        Account user = server.api().newAccount("console-user");
        for (String path : List.of("/api/admin/instance", "/api/admin/instances", "/api/admin/connections",
                "/api/admin/topics")) {
            Http.Response r = server.http().call("GET", path).bearer(user.token()).send();
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.json().path("error").path("code").asInt()).isEqualTo(5);
            assertThat(server.http().get(path).status()).as(path + " without a token").isEqualTo(401);
        }
        Account admin = adminAccount();
        Http.Response bad = server.http().call("GET", "/api/admin/connections?limit=101").bearer(admin.token()).send();
        assertThat(bad.status()).isEqualTo(400);
        JsonNode page = server.http().call("GET", "/api/admin/connections?limit=1").bearer(admin.token()).send()
                .json().path("data");
        assertThat(page.has("items") && page.has("total") && page.has("hasNext")).isTrue();
    }

    private static Account adminAccount() {
        Http.Response login = server.api().login(ADMIN, "Corr3ct-Horse!");
        if (login.status() == 200) {
            JsonNode d = login.data();
            return new Account(d.path("user").path("id").asText(), ADMIN, "Ada Admin", "Corr3ct-Horse!",
                    d.path("token").asText());
        }
        return server.api().newAccount(ADMIN, "Ada Admin", "Corr3ct-Horse!");
    }

    private static long clockMs(int index) {
        String ms = browser.driver().findElement(By.id("clock-" + index)).getAttribute("data-ms");
        return ms == null || ms.isEmpty() ? Long.MAX_VALUE : Long.parseLong(ms);
    }

    private static void screenshot(String name) throws Exception {
        byte[] png = browser.screenshot();
        Files.write(Path.of("target", name), png);
        if ("docs".equals(System.getProperty("switchboard.screenshot"))) {
            Files.write(Path.of(System.getProperty("switchboard.root", ".."), "docs", name), png);
        }
    }
}
