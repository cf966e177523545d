package io.switchboard.bootstrap.browser;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Browser;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's channels page in headless Chromium: Ada creates a private channel, sees it listed with herself as
 * owner, adds Bob by id, and sees him among the members and the count go up; a bad user id shows the API's error.
 * What the page shows is checked against the REST API.
 */
class BrowserChannelsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void createAChannel_addAMember_andSeeThemListed() {
        try (TestServer server = TestServer.start(); Browser browser = Browser.start()) {
            Account ada = server.api().newAccount("browser-channels-ada");
            Account bob = server.api().newAccount("browser-channels-bob");
            String id = "room-" + UUID.randomUUID().toString().substring(0, 8);

            browser.open(server.baseUrl() + "/");
            browser.type("email", ada.email());
            browser.type("password", ada.password());
            browser.click("signin");
            Await.until("connected", WAIT, () -> browser.text("conn-state").equals("connected"));

            browser.click("tab-channels");
            browser.type("channel-id", id);
            browser.type("channel-name", "Browser room");
            browser.click("channel-private");
            browser.click("channel-create");
            Await.until("the new channel listed", WAIT, () -> browser.text("channel-list").contains(id)
                    && browser.text("channel-list").contains("Browser room - 1 members (private)"));

            browser.driver().findElement(By.xpath("//ul[@id='channel-list']/li[code='" + id + "']/button")).click();
            Await.until("its owner listed", WAIT, () -> browser.text("members-title").contains(id)
                    && browser.text("member-list").contains(ada.name() + " (owner)"));

            browser.type("member-user", bob.id());
            browser.click("member-add");
            Await.until("bob listed as a member", WAIT,
                    () -> browser.text("member-list").contains(bob.name() + " (member)"));
            browser.click("channel-refresh");
            Await.until("the member count up", WAIT,
                    () -> browser.text("channel-list").contains("Browser room - 2 members (private)"));
            assertThat(server.http().call("GET", "/api/channels/" + id + "/members").bearer(bob.token()).send()
                    .body()).contains(ada.id(), bob.id());

            browser.type("member-user", UUID.randomUUID().toString());
            browser.click("member-add");
            Await.until("the API's error shown", WAIT, () -> browser.text("channels-error").contains("USER_NOT_FOUND"));
        }
    }
}
