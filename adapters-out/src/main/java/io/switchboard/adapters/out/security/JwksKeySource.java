package io.switchboard.adapters.out.security;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import io.switchboard.application.port.out.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The verification keys of the app's identity provider, read from its JWKS document (docs/integration.md).
 *
 * <ul>
 *   <li>Keys are kept in memory by {@code kid}. Looking up a known kid never blocks and never fetches.</li>
 *   <li>An unknown kid fetches the document again, but at most once per {@code minRefetchInterval} (30 s by
 *       default), counted from the last such refetch whatever its outcome: a flood of tokens with made-up kids
 *       costs the identity provider one request per interval. Concurrent lookups wait for the one fetch in
 *       progress. The fetch at start-up and the periodic refresh are not refetches on an unknown kid and do not
 *       count.</li>
 *   <li>A failed fetch (unreachable, timeout, a status other than 200, more than {@link #MAX_DOCUMENT_BYTES}, not a
 *       JWKS) keeps the last good set; a good document replaces the set wholly (so a key removed by the identity
 *       provider stops verifying after the next fetch).</li>
 *   <li>Optionally a background refresh every {@code refreshInterval}, so that rotations and removals are seen
 *       without waiting for an unknown kid.</li>
 * </ul>
 * Each key is pinned to the algorithms it may verify: the JWK's {@code alg} when it names one we support, else by
 * key type (RSA: RS256; EC P-256: ES256; OKP Ed25519: EdDSA). Keys of other types or curves, secret keys, keys
 * whose {@code use} is not {@code sig}, keys without a kid and kids that appear twice are left out.
 */
final class JwksKeySource implements AutoCloseable {
    static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** A JWKS is a few kilobytes; anything past 1 MiB is refused rather than held in memory. */
    static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);
    private static final Set<String> SUPPORTED = Set.of("RS256", "ES256", "EdDSA");

    /** A verification key and the algorithms it may verify. */
    record VerificationKey(String kid, PublicKey key, Set<String> algorithms) {
    }

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration minRefetchInterval;
    private final Clock clock;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Map<String, VerificationKey> keys = Map.of();
    /** When an unknown kid last caused a fetch (null: never); written under fetchLock. */
    private volatile Instant lastRefetch;
    private volatile ScheduledExecutorService refresher;

    JwksKeySource(URI url, Duration timeout, Duration minRefetchInterval, Clock clock) {
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("the JWKS URL must be an http:// or https:// URL");
        }
        if (timeout.isNegative() || timeout.isZero() || minRefetchInterval.isNegative()) {
            throw new IllegalArgumentException("timeouts and intervals must be positive");
        }
        this.url = url;
        this.timeout = timeout;
        this.minRefetchInterval = minRefetchInterval;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The key with this kid; fetches the document first when the kid is unknown and the last attempt is at least
     * {@code minRefetchInterval} old.
     */
    Optional<VerificationKey> find(String kid) {
        VerificationKey known = keys.get(kid);
        if (known != null) {
            return Optional.of(known);
        }
        fetchLock.lock();
        try {
            known = keys.get(kid); // a fetch that finished while we waited may have brought it
            if (known == null && mayRefetch()) {
                lastRefetch = clock.now();
                refreshLocked();
                known = keys.get(kid);
            }
            return Optional.ofNullable(known);
        } finally {
            fetchLock.unlock();
        }
    }

    /** Fetches now (start-up, the periodic refresh); false when the fetch failed and the last good set stays. */
    boolean refresh() {
        fetchLock.lock();
        try {
            return refreshLocked();
        } finally {
            fetchLock.unlock();
        }
    }

    /** Starts the periodic refresh on a daemon thread; {@link #close()} stops it. */
    void startPeriodicRefresh(Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("JWKS refresh failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    int keyCount() {
        return keys.size();
    }

    long fetchCount() {
        return fetches.get();
    }

    long failureCount() {
        return failures.get();
    }

    @Override
    public void close() {
        ScheduledExecutorService executor = refresher;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private boolean mayRefetch() {
        Instant last = lastRefetch;
        return last == null || !clock.now().isBefore(last.plus(minRefetchInterval));
    }

    private boolean refreshLocked() {
        fetches.incrementAndGet();
        try {
            Map<String, VerificationKey> fresh = parse(download());
            if (!fresh.keySet().equals(keys.keySet())) {
                log.info("JWKS {}: {} verification keys {}", url, fresh.size(), fresh.keySet());
            }
            keys = fresh;
            return true;
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            log.warn("JWKS {} could not be read ({}); keeping the last {} keys", url, e.toString(), keys.size());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.incrementAndGet();
            return false;
        }
    }

    private String download() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new IOException("the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The usable keys of a JWKS document; throws when the document is not a JWKS. */
    static Map<String, VerificationKey> parse(String json) {
        JwkSet set = Jwks.setParser().ignoreUnsupported(true).build().parse(json);
        Map<String, VerificationKey> byKid = new HashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (Jwk<?> jwk : set.getKeys()) {
            Optional<VerificationKey> key = verificationKey(jwk);
            if (key.isEmpty()) {
                continue;
            }
            String kid = key.get().kid();
            if (byKid.putIfAbsent(kid, key.get()) != null) {
                duplicated.add(kid);
            }
        }
        if (!duplicated.isEmpty()) {
            log.warn("JWKS: kids {} appear more than once; their keys are not used", duplicated);
            byKid.keySet().removeAll(duplicated);
        }
        return Map.copyOf(byKid);
    }

    private static Optional<VerificationKey> verificationKey(Jwk<?> jwk) {
        if (!(jwk instanceof PublicJwk<?> publicJwk) || jwk.getId() == null || jwk.getId().isEmpty()) {
            return Optional.empty();
        }
        Object use = jwk.get("use");
        if (use != null && !"sig".equals(String.valueOf(use))) {
            return Optional.empty();
        }
        Optional<String> byType = algorithmOf(jwk);
        if (byType.isEmpty()) {
            return Optional.empty();
        }
        String declared = jwk.getAlgorithm();
        if (declared != null && !declared.equals(byType.get())) {
            return Optional.empty(); // an algorithm we do not support, or one that does not fit the key
        }
        return Optional.of(new VerificationKey(jwk.getId(), publicJwk.toKey(), Set.of(byType.get())));
    }

    private static Optional<String> algorithmOf(Jwk<?> jwk) {
        String algorithm = switch (jwk.getType()) {
            case "RSA" -> "RS256";
            case "EC" -> "P-256".equals(String.valueOf(jwk.get("crv"))) ? "ES256" : null;
            case "OKP" -> "Ed25519".equals(String.valueOf(jwk.get("crv"))) ? "EdDSA" : null;
            default -> null;
        };
        return Optional.ofNullable(algorithm).filter(SUPPORTED::contains);
    }
}
