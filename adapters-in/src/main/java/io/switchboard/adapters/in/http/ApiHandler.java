package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.json.Envelopes;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.port.in.publish.AuthenticateServerCallerUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.RateLimited;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every REST request passes here once: request id, CORS, the per-IP rate limit, routing, authentication,
 * the endpoint, and the one translation of failures into the error envelope. One log line per request.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger("io.switchboard.http");
    private static final String JSON = "application/json; charset=utf-8";

    private final Router router;
    private final AuthenticateUseCase authenticate;
    private final AuthenticateServerCallerUseCase serverAuth;
    private final Cors cors;
    private final HttpRateLimiter rateLimiter;
    private final long maxBodyBytes;
    private final Supplier<Instant> clock;
    private final Metrics metrics;

    ApiHandler(Router router, AuthenticateUseCase authenticate, AuthenticateServerCallerUseCase serverAuth, Cors cors,
               HttpRateLimiter rateLimiter, long maxBodyBytes, Supplier<Instant> clock, Metrics metrics) {
        this.router = router;
        this.authenticate = authenticate;
        this.serverAuth = serverAuth;
        this.cors = cors;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        String requestId = RequestIds.of(request.getHeaders().get(RequestIds.HEADER));
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(RequestIds.HEADER, requestId);
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);

        String route = "unmatched";
        String contentType = JSON;
        int status;
        byte[] body;
        try {
            if (Cors.isPreflight(method, request.getHeaders())) {
                cors.applyPreflight(origin, headers);
                status = 204;
                body = null;
                route = "preflight";
            } else {
                cors.apply(origin, headers);
                if (rateLimited(path)) {
                    limitRate(Request.getRemoteAddr(request), headers);
                }
                Router.Match match = router.match(method, path == null ? "/" : path);
                if (match instanceof Router.Found found) {
                    route = found.route().template();
                    Reply reply = invoke(found, request);
                    status = reply.status();
                    if (reply.raw() != null) {
                        contentType = reply.raw().contentType();
                        body = reply.raw().body();
                    } else {
                        body = reply.status() == 204 ? null : Json.writeBytes(Envelopes.success(reply.data(), now()));
                    }
                } else if (match instanceof Router.MethodNotAllowed notAllowed) {
                    headers.put(HttpHeader.ALLOW, String.join(", ", notAllowed.allowed()));
                    status = 405;
                    body = error(ErrorCode.INVALID_INPUT, "METHOD_NOT_ALLOWED",
                            "method " + method + " is not allowed here", null);
                } else {
                    status = 404;
                    body = error(ErrorCode.NOT_FOUND, "ROUTE_NOT_FOUND", "no route for " + method + " " + path, null);
                }
            }
        } catch (Failure failure) {
            contentType = JSON;
            if (failure instanceof RateLimited limited) {
                headers.put(HttpHeader.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
            }
            status = ErrorResponses.status(failure.code());
            body = Json.writeBytes(Envelopes.error(failure, now()));
        } catch (Throwable bug) {
            contentType = JSON;
            log.error("request {} {} {} failed", requestId, method, route, bug);
            status = 500;
            body = error(ErrorCode.INTERNAL_ERROR, "INTERNAL_ERROR", "the server could not complete the request", null);
        }

        settleUnreadBody(request, headers);
        response.setStatus(status);
        ByteBuffer content = BufferUtil.EMPTY_BUFFER;
        if (body != null) {
            headers.put(HttpHeader.CONTENT_TYPE, contentType);
            content = ByteBuffer.wrap(body);
        }
        long nanos = System.nanoTime() - started;
        metrics.httpRequest(method, route, status, nanos);
        log.info("{} {} {} -> {} in {} us [{}]", Request.getRemoteAddr(request), method, route, status, nanos / 1000,
                requestId);
        response.write(true, content, callback);
        return true;
    }

    /**
     * A request answered without reading its body (refused on its token, its path, its size...) would otherwise
     * leave the rest of the body on the connection, and Jetty would close it right after the response, under a
     * client that may already be reusing it. A body within the limit is read to its end and dropped; past the limit
     * (or cut short) the response says {@code Connection: close} so the client does not reuse the connection.
     */
    private void settleUnreadBody(Request request, HttpFields.Mutable headers) {
        long length = request.getLength();
        if (length == 0) {
            return;
        }
        if (length > 0 && (maxBodyBytes <= 0 || length <= maxBodyBytes)) {
            try {
                Content.Source.consumeAll(request);
                return;
            } catch (IOException e) {
                headers.put(HttpHeader.CONNECTION, "close");
                return;
            }
        }
        if (!request.consumeAvailable()) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
    }

    private Reply invoke(Router.Found found, Request request) throws Exception {
        HttpCall call = new HttpCall(request, found.pathParams(), authenticate, serverAuth, maxBodyBytes);
        if (found.route().serverApi()) {
            call.serverCaller();
        } else if (found.route().authenticated()) {
            call.caller();
        }
        return found.route().endpoint().handle(call);
    }

    private boolean rateLimited(String path) {
        return rateLimiter.enabled() && path != null && !path.equals("/metrics") && !path.startsWith("/health");
    }

    private void limitRate(String clientIp, HttpFields.Mutable headers) {
        HttpRateLimiter.Decision decision = rateLimiter.acquire(clientIp);
        headers.put("RateLimit-Limit", Integer.toString(decision.limit()));
        headers.put("RateLimit-Remaining", Integer.toString(decision.remaining()));
        headers.put("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (!decision.allowed()) {
            throw new RateLimited("RATE_LIMITED", "too many requests; retry after " + decision.resetSeconds() + " s",
                    decision.resetSeconds());
        }
    }

    private byte[] error(ErrorCode code, String reason, String message, Map<String, Object> details) {
        return Json.writeBytes(Envelopes.error(code, reason, message, details, now()));
    }

    private String now() {
        return Views.iso(clock.get());
    }
}
