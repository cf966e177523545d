package io.switchboard.bootstrap.support;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SignatureAlgorithm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An identity provider for tests: a JDK HttpServer on a free port of 127.0.0.1 serving a JWKS document at
 * {@code /jwks.json}, keys of the three supported kinds, and a token builder that signs as the provider does (or
 * breaks exactly one property). The document can be changed (key rotation) or replaced by an error status, and
 * the fixture counts the requests it served.
 *
 * <pre>{@code
 * JwksFixture idp = JwksFixture.start(JwksFixture.rsa("rsa-1"));
 * TestServer server = TestServer.start(idp.serverEnvironment());
 * String token = idp.token(rsa, "alice").name("Alice").mint();
 * }</pre>
 */
public final class JwksFixture implements AutoCloseable {
    public static final String AUDIENCE = "switchboard-test-app";

    /** A key pair of the provider, its kid and the algorithm it signs with. */
    public record SigningKey(String kid, KeyPair pair, SignatureAlgorithm algorithm) {
        PublicJwk<?> publicJwk() {
            return Jwks.builder().key(pair.getPublic()).id(kid).build();
        }
    }

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String document;
    private volatile int failStatus;

    private JwksFixture(HttpServer server) {
        this.server = server;
    }

    public static SigningKey rsa(String kid) {
        return new SigningKey(kid, Jwts.SIG.RS256.keyPair().build(), Jwts.SIG.RS256);
    }

    public static SigningKey ec(String kid) {
        return new SigningKey(kid, Jwts.SIG.ES256.keyPair().build(), Jwts.SIG.ES256);
    }

    public static SigningKey ed25519(String kid) {
        return new SigningKey(kid, Jwks.CRV.Ed25519.keyPair().build(), Jwts.SIG.EdDSA);
    }

    /** Serves a JWKS with these keys. */
    public static JwksFixture start(SigningKey... published) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        JwksFixture fixture = new JwksFixture(server);
        fixture.publish(published);
        server.createContext("/jwks.json", exchange -> {
            fixture.requests.incrementAndGet();
            int status = fixture.failStatus;
            byte[] body = (status == 0 ? fixture.document : "{\"error\":\"unavailable\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status == 0 ? 200 : status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return fixture;
    }

    /** Replaces the document: exactly these keys from now on. */
    public void publish(SigningKey... keys) {
        document = document(List.of(keys).stream().map(k -> Jwks.json(k.publicJwk())).collect(Collectors.toList()));
    }

    /** Serves any JSON text as the document (e.g. JWKs with an `alg` or `use` of their own). */
    public void publishRaw(String json) {
        document = json;
    }

    /** From now on every request gets this status (0: serve the document again). */
    public void failWith(int status) {
        failStatus = status;
    }

    /** Requests served so far (including failed ones). */
    public int requests() {
        return requests.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** JWT_JWKS_URL and JWT_AUDIENCE for a {@link TestServer}. */
    public Map<String, String> serverEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_JWKS_URL", url());
        env.put("JWT_AUDIENCE", AUDIENCE);
        return env;
    }

    /** Stops serving: connections are refused from now on. */
    @Override
    public void close() {
        server.stop(0);
    }

    public TokenBuilder token(SigningKey key, String subject) {
        return new TokenBuilder(key, subject);
    }

    static String document(List<String> jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    /** A token as the provider issues it: its kid, RS256/ES256/EdDSA, iss = the test server's JWT_ISSUER, aud. */
    public static final class TokenBuilder {
        private final SigningKey key;
        private final String subject;
        private String kid;
        private boolean withKid = true;
        private String issuer = TestServer.JWT_ISSUER;
        private Object audience = AUDIENCE;
        private Duration lifetime = Duration.ofMinutes(15);
        private final Map<String, Object> claims = new HashMap<>();

        private TokenBuilder(SigningKey key, String subject) {
            this.key = key;
            this.subject = subject;
            this.kid = key.kid();
        }

        public TokenBuilder name(String value) {
            claims.put("name", value);
            return this;
        }

        public TokenBuilder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public TokenBuilder roles(String... values) {
            claims.put("roles", List.of(values));
            return this;
        }

        public TokenBuilder kid(String value) {
            this.kid = value;
            return this;
        }

        public TokenBuilder withoutKid() {
            this.withKid = false;
            return this;
        }

        public TokenBuilder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** A string or a list of strings. */
        public TokenBuilder audience(Object value) {
            this.audience = value;
            return this;
        }

        public TokenBuilder expiresIn(Duration value) {
            this.lifetime = value;
            return this;
        }

        public String mint() {
            JwtBuilder builder = base();
            return builder.signWith(key.pair().getPrivate(), key.algorithm()).compact();
        }

        /** HS256 "signed" with the bytes of the key's public key, the classic algorithm-confusion forgery. */
        public String mintHs256WithPublicKey() {
            return base().signWith(Keys.hmacShaKeyFor(key.pair().getPublic().getEncoded()), Jwts.SIG.HS256).compact();
        }

        /** An unsigned token: header {@code {"alg":"none","kid":...}} and an empty signature. */
        public String mintUnsigned() {
            String header = withKid ? "{\"alg\":\"none\",\"kid\":\"" + kid + "\"}" : "{\"alg\":\"none\"}";
            String signed = base().signWith(key.pair().getPrivate(), key.algorithm()).compact();
            String payload = signed.split("\\.")[1];
            return b64(header) + "." + payload + ".";
        }

        private JwtBuilder base() {
            Instant now = Instant.now();
            JwtBuilder builder = Jwts.builder();
            if (withKid) {
                builder.header().keyId(kid);
            }
            if (subject != null) {
                builder.subject(subject);
            }
            if (issuer != null) {
                builder.issuer(issuer);
            }
            if (audience instanceof String single) {
                builder.audience().single(single);
            } else if (audience instanceof List<?> many) {
                many.forEach(a -> builder.audience().add(String.valueOf(a)));
            }
            claims.forEach(builder::claim);
            return builder.issuedAt(Date.from(now)).expiration(Date.from(now.plus(lifetime)));
        }

        private static String b64(String json) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
