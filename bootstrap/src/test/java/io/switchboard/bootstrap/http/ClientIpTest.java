package io.switchboard.bootstrap.http;

import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.ServerLog;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TRUSTED_PROXIES over real HTTP (docs/api.md, "Client IP"): the HTTP rate limit and the request log follow
 * X-Forwarded-For only when the peer (here always 127.0.0.1) is a trusted proxy. Each test gets its own server:
 * the rate limit's count is per server.
 */
class ClientIpTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Http start(String trustedProxies) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_RATE_LIMIT", "2");
        env.put("HTTP_RATE_WINDOW_MS", "60000");
        env.put("TRUSTED_PROXIES", trustedProxies);
        server = TestServer.start(env);
        return server.http();
    }

    private static int getTime(Http http, String forwardedFor) {
        return http.call("GET", "/api/time").header("X-Forwarded-For", forwardedFor).send().status();
    }

    @Test
    void fromAnUntrustedPeer_aSpoofedHeaderIsIgnored_allRequestsShareThePeersLimit() {
        Http http = start(null);

        assertThat(getTime(http, "203.0.113.1")).isEqualTo(200);
        assertThat(getTime(http, "203.0.113.2")).isEqualTo(200);
        assertThat(getTime(http, "203.0.113.3")).as("a new spoofed address is still 127.0.0.1").isEqualTo(429);
    }

    @Test
    void behindATrustedProxy_eachForwardedClientHasItsOwnLimit() {
        Http http = start("127.0.0.1");

        assertThat(getTime(http, "203.0.113.1")).isEqualTo(200);
        assertThat(getTime(http, "203.0.113.1")).isEqualTo(200);
        assertThat(getTime(http, "203.0.113.1")).isEqualTo(429);

        assertThat(getTime(http, "203.0.113.2")).as("another client behind the proxy").isEqualTo(200);
    }

    @Test
    void throughAChainOfProxies_theRightMostUntrustedAddressIsTheClient() {
        Http http = start("127.0.0.1, 10.0.0.0/8");

        // The left part is whatever the client sent: it cannot move the client into a fresh bucket.
        assertThat(getTime(http, "198.51.100.7, 10.1.2.3")).isEqualTo(200);
        assertThat(getTime(http, "6.6.6.6, 198.51.100.7, 10.9.9.9")).isEqualTo(200);
        assertThat(getTime(http, "7.7.7.7, 198.51.100.7, 10.0.0.1")).isEqualTo(429);

        assertThat(getTime(http, "198.51.100.8, 10.1.2.3")).isEqualTo(200);
    }

    @Test
    void severalForwardedForHeaders_countAsOneListInOrder() {
        start("127.0.0.1, 10.0.0.0/8");

        for (int i = 0; i < 2; i++) {
            RawHttp.Response ok = RawHttp.get(server.port(), "/api/time", "X-Forwarded-For: 6.6.6.6",
                    "X-Forwarded-For: 198.51.100.9, 10.0.0.2");
            assertThat(ok.status()).isEqualTo(200);
        }
        assertThat(getTime(server.http(), "198.51.100.9")).as("the same client, in one header").isEqualTo(429);
    }

    @Test
    void ipv6ProxiesAndClientsWork() {
        Http http = start("127.0.0.1, 2001:db8::/32");

        assertThat(getTime(http, "2001:db9::1, 2001:db8::5")).isEqualTo(200);
        assertThat(getTime(http, "[2001:db9::1]:443")).isEqualTo(200);
        assertThat(getTime(http, "2001:db9:0:0:0:0:0:1")).as("the same address, written otherwise").isEqualTo(429);
    }

    @Test
    void theRequestLogLineNamesTheForwardedClient() {
        Http http = start("127.0.0.1");
        String requestId = "client-ip-" + UUID.randomUUID();

        http.call("GET", "/api/time").header("X-Forwarded-For", "203.0.113.77").requestId(requestId).send();

        String line = Await.value("the request's log line", java.time.Duration.ofSeconds(5),
                () -> ServerLog.lines().stream().filter(l -> l.contains(requestId)).findFirst());
        assertThat(line).contains("203.0.113.77").doesNotContain("127.0.0.1");
    }
}
