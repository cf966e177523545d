// A stand-in identity provider in one file, JDK 17 and nothing else (docs/integration.md, "Use your own identity
// provider"):
//
//     java docs/examples/JwksDemo.java          # serves on http://127.0.0.1:9999
//     java docs/examples/JwksDemo.java 9000
//
// It generates an RSA 2048 key (kid `demo-rsa-1`) and serves, on 127.0.0.1 only:
//   GET /jwks.json                          the JWKS document (the public key) for JWT_JWKS_URL
//   GET /token?sub=alice&name=Alice[&admin=true]
//                                           an RS256 token for that user: iss https://idp.example.test,
//                                           aud demo-app, one hour of validity, roles ["user"] (plus "admin")
// Start Switchboard with
//   JWT_JWKS_URL=http://127.0.0.1:9999/jwks.json JWT_AUDIENCE=demo-app JWT_ISSUER=https://idp.example.test
// It runs until stopped. It hands a token to anyone who asks, so it is a demo, never an identity provider.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

public class JwksDemo {
    static final String KID = "demo-rsa-1";
    static final String ISSUER = "https://idp.example.test";
    static final String AUDIENCE = "demo-app";

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9999;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KID + "\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"" + b64(unsigned(publicKey.getModulus())) + "\","
                + "\"e\":\"" + b64(unsigned(publicKey.getPublicExponent())) + "\"}]}";

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/jwks.json", exchange -> reply(exchange, 200, "application/json", jwks));
        server.createContext("/token", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String sub = query.getOrDefault("sub", "demo-user");
            String name = query.getOrDefault("name", sub);
            String roles = "true".equals(query.get("admin")) ? "[\"user\",\"admin\"]" : "[\"user\"]";
            long now = Instant.now().getEpochSecond();
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
            String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + json(sub)
                    + "\",\"name\":\"" + json(name) + "\",\"roles\":" + roles + ",\"iat\":" + now
                    + ",\"exp\":" + (now + 3600) + "}";
            try {
                reply(exchange, 200, "text/plain", sign(header, payload, keys) + "\n");
            } catch (Exception e) {
                reply(exchange, 500, "text/plain", e + "\n");
            }
        });
        server.start();
        System.err.println("JWKS on http://127.0.0.1:" + port + "/jwks.json; tokens from http://127.0.0.1:" + port
                + "/token?sub=alice&name=Alice");
        System.err.println("start Switchboard with JWT_JWKS_URL=http://127.0.0.1:" + port + "/jwks.json JWT_AUDIENCE="
                + AUDIENCE + " JWT_ISSUER=" + ISSUER);
    }

    static String sign(String header, String payload, KeyPair keys) throws Exception {
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(keys.getPrivate());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(rsa.sign());
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A JWK's big integers are unsigned big-endian: drop the sign byte Java adds. */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
