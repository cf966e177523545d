package io.switchboard.adapters.in.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The static files shipped in the jar: the console at {@code GET /} (and its assets under {@code /console/}) and the
 * browser client at {@code /client/switchboard.js} and {@code /client/switchboard.d.ts}. A fixed list, read once at
 * start: no path from a request ever reaches the class loader. Every answer carries a strict
 * Content-Security-Policy (no inline script or style, nothing from another origin), {@code nosniff}, an ETag
 * (a matching {@code If-None-Match} gets 304) and {@code Cache-Control: no-cache} (revalidate: a new jar is seen at
 * once). Anything else goes to the REST handler below.
 */
public final class WebAssets extends Handler.Wrapper {
    /** The one policy of every page and script served here. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    private static final String ROOT = "io/switchboard/adapters/in/web/";

    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public WebAssets(Handler next) {
        super(next);
        add("/", "console/index.html", "text/html; charset=utf-8");
        add("/console/console.js", "console/console.js", "text/javascript; charset=utf-8");
        add("/console/console.css", "console/console.css", "text/css; charset=utf-8");
        add("/client/switchboard.js", "client/switchboard.js", "text/javascript; charset=utf-8");
        add("/client/switchboard.d.ts", "client/switchboard.d.ts", "application/typescript; charset=utf-8");
    }

    /** The paths served here (for the route table in docs). */
    public java.util.Set<String> paths() {
        return java.util.Collections.unmodifiableSet(assets.keySet());
    }

    private void add(String path, String resource, String contentType) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(ROOT + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ROOT + resource);
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12)
                    + "\"";
            assets.put(path, new Asset(bytes, contentType, etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        Asset asset = assets.get(request.getHttpURI().getPath());
        if (asset == null || !(method.equals("GET") || method.equals("HEAD"))) {
            return super.handle(request, response, callback);
        }
        var headers = response.getHeaders();
        headers.put(RequestIds.HEADER, RequestIds.of(request.getHeaders().get(RequestIds.HEADER)));
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put(HttpHeader.ETAG, asset.etag());
        String match = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (match != null && (match.equals(asset.etag()) || match.equals("W/" + asset.etag()))) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        headers.put(HttpHeader.CONTENT_TYPE, asset.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(asset.bytes()), callback);
        return true;
    }
}
