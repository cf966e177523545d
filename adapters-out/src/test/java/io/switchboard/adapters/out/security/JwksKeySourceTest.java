package io.switchboard.adapters.out.security;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.switchboard.application.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The JWKS key cache on a controllable clock, against a local HTTP server serving the document. */
class JwksKeySourceTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private final TestClock clock = new TestClock(Instant.parse("2026-03-04T05:06:07Z"));
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String document = "{\"keys\":[]}";
    private volatile int status = 200;
    private HttpServer server;
    private JwksKeySource source;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            requests.incrementAndGet();
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        source = new JwksKeySource(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"),
                Duration.ofSeconds(2), INTERVAL, clock);
    }

    @AfterEach
    void stop() {
        source.close();
        server.stop(0);
    }

    private static String jwk(PublicKey key, String kid) {
        return Jwks.json(Jwks.builder().key(key).id(kid).build());
    }

    private static String set(String... jwks) {
        return "{\"keys\":[" + String.join(",", Arrays.asList(jwks)) + "]}";
    }

    private static PublicKey rsa() {
        KeyPair pair = Jwts.SIG.RS256.keyPair().build();
        return pair.getPublic();
    }

    @Test
    void anUnknownKid_refetchesAtMostOncePerInterval_thenAgainWhenItHasPassed() {
        document = set(jwk(rsa(), "a"));
        assertThat(source.find("a")).isPresent(); // first lookup: a fetch (none happened before)
        assertThat(requests).hasValue(1);

        document = set(jwk(rsa(), "a"), jwk(rsa(), "b"));
        clock.advance(1_000);
        assertThat(source.find("zzz")).isEmpty(); // 1 s after the last refetch: none
        assertThat(source.find("b")).isEmpty();
        assertThat(requests).hasValue(1);

        clock.advance(INTERVAL.toMillis() - 1_001);
        assertThat(source.find("b")).isEmpty(); // 1 ms short of the interval
        assertThat(requests).hasValue(1);

        clock.advance(1);
        assertThat(source.find("b")).isPresent();
        assertThat(requests).hasValue(2);
        assertThat(source.find("a")).isPresent(); // known: no fetch
        assertThat(requests).hasValue(2);
    }

    @Test
    void thePeriodicRefresh_readsTheDocumentAgainOnItsOwn() throws InterruptedException {
        CountDownLatch threeReads = new CountDownLatch(3);
        server.createContext("/counted", exchange -> {
            byte[] body = set(jwk(rsa(), "p")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            threeReads.countDown();
        });
        try (JwksKeySource periodic = new JwksKeySource(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/counted"), Duration.ofSeconds(2),
                INTERVAL, clock)) {
            periodic.startPeriodicRefresh(Duration.ofMillis(20));
            assertThat(threeReads.await(10, TimeUnit.SECONDS)).as("three periodic reads").isTrue();
            assertThat(periodic.keyCount()).isEqualTo(1);
        }
    }

    @Test
    void theDefaultInterval_is30Seconds() {
        assertThat(JwksKeySource.DEFAULT_MIN_REFETCH_INTERVAL).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void startUpAndPeriodicRefreshes_doNotUseUpTheAllowanceOfUnknownKids() {
        document = set(jwk(rsa(), "a"));
        assertThat(source.refresh()).isTrue();
        document = set(jwk(rsa(), "a"), jwk(rsa(), "b"));
        assertThat(source.find("b")).isPresent();
        assertThat(requests).hasValue(2);
    }

    @Test
    void aFailingUrl_keepsTheLastGoodKeys() {
        document = set(jwk(rsa(), "a"));
        assertThat(source.refresh()).isTrue();

        status = 500;
        assertThat(source.refresh()).isFalse();
        assertThat(source.find("a")).isPresent();

        status = 200;
        document = "not json at all";
        assertThat(source.refresh()).isFalse();
        document = "{\"keys\":\"nope\"}";
        assertThat(source.refresh()).isFalse();
        assertThat(source.find("a")).isPresent();
        assertThat(source.keyCount()).isEqualTo(1);
        assertThat(source.failureCount()).isEqualTo(3);

        server.stop(0);
        clock.advance(INTERVAL.toMillis());
        assertThat(source.find("new")).isEmpty(); // the refetch fails: connection refused
        assertThat(source.find("a")).isPresent();
        assertThat(source.failureCount()).isEqualTo(4);
    }

    @Test
    void aDocumentLargerThan1MiB_isRefused_andTheLastKeysStay() {
        document = set(jwk(rsa(), "a"));
        source.refresh();
        document = set(jwk(rsa(), "a")) + " ".repeat(JwksKeySource.MAX_DOCUMENT_BYTES);
        assertThat(source.refresh()).isFalse();
        assertThat(source.find("a")).isPresent();
    }

    @Test
    void aGoodDocument_replacesTheSetWholly() {
        document = set(jwk(rsa(), "a"));
        source.refresh();
        document = set(jwk(rsa(), "b"));
        source.refresh();
        assertThat(source.find("b")).isPresent();
        clock.advance(0);
        assertThat(source.keyCount()).isEqualTo(1);
    }

    @Test
    void eachKeyIsPinnedToTheAlgorithmOfItsType() {
        String ec = jwk(Jwts.SIG.ES256.keyPair().build().getPublic(), "ec");
        String ed = jwk(Jwks.CRV.Ed25519.keyPair().build().getPublic(), "ed");
        String p384 = jwk(Jwts.SIG.ES384.keyPair().build().getPublic(), "p384");
        var keys = JwksKeySource.parse(set(jwk(rsa(), "rsa"), ec, ed, p384));

        assertThat(keys.keySet()).containsExactlyInAnyOrder("rsa", "ec", "ed");
        assertThat(keys.get("rsa").algorithms()).isEqualTo(Set.of("RS256"));
        assertThat(keys.get("ec").algorithms()).isEqualTo(Set.of("ES256"));
        assertThat(keys.get("ed").algorithms()).isEqualTo(Set.of("EdDSA"));
    }

    @Test
    void keysNotForSigning_withAForeignAlg_secret_withoutKid_orSharingAKid_areLeftOut() {
        // Each with a key of its own: a JWK set holds one entry per key, whatever the kids.
        String withUse = jwk(rsa(), "enc").replaceFirst("\\{", "{\"use\":\"enc\",");
        String withAlg = jwk(rsa(), "rs512").replaceFirst("\\{", "{\"alg\":\"RS512\",");
        String withGoodAlg = jwk(rsa(), "rs256").replaceFirst("\\{", "{\"alg\":\"RS256\",");
        String noKid = jwk(rsa(), "x").replace("\"kid\":\"x\",", "");
        String secret = "{\"kty\":\"oct\",\"kid\":\"secret\",\"k\":\"" + "A".repeat(43) + "\"}";
        String twinA = jwk(rsa(), "twin");
        String twinB = jwk(rsa(), "twin");

        var keys = JwksKeySource.parse(set(withUse, withAlg, withGoodAlg, noKid, secret, twinA, twinB));

        assertThat(keys.keySet()).containsExactly("rs256");
    }
}
