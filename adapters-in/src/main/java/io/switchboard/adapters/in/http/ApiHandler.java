package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.http.ErrorResponses.ProtocolRefusal;
import io.switchboard.adapters.in.json.Envelopes;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.port.in.publish.AuthenticateServerCallerUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.failure.PayloadTooLarge;
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

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every REST request passes here once: request id, CORS, the per-IP rate limit, routing, authentication, the
 * body (read without holding a thread), the endpoint, and the one translation of failures into the error envelope.
 * One log line per request.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger("io.switchboard.http");
    private static final String JSON = "application/json; charset=utf-8";
    /** After a refusal, what the client still sends is dropped for at most this long (then the connection closes). */
    private static final long DRAIN_STALL_MS = 1_000;
    private static final long DRAIN_TOTAL_MS = 3_000;

    private final Router router;
    private final AuthenticateUseCase authenticate;
    private final AuthenticateServerCallerUseCase serverAuth;
    private final Cors cors;
    private final HttpRateLimiter rateLimiter;
    private final long maxBodyBytes;
    private final long bodyStallMs;
    private final long bodyTotalMs;
    private final BodyReader.Budget bodyBudget;
    private final Supplier<Instant> clock;
    private final Metrics metrics;
    private final ClientAddresses clientAddresses;

    /**
     * @param bodyStallMs a body that sends no byte for this long is answered 408 and its connection closed
     * @param bodyTotalMs the longest a whole body may take to arrive
     * @param bodyMemory  the bytes all bodies being read at once may hold together (429 code 7 beyond)
     */
    /** @param clientAddresses who the client is (TRUSTED_PROXIES): the rate limit and the log line use it */
    ApiHandler(Router router, AuthenticateUseCase authenticate, AuthenticateServerCallerUseCase serverAuth, Cors cors,
               HttpRateLimiter rateLimiter, long maxBodyBytes, long bodyStallMs, long bodyTotalMs, long bodyMemory,
               Supplier<Instant> clock, Metrics metrics, ClientAddresses clientAddresses) {
        this.clientAddresses = clientAddresses;
        this.bodyBudget = new BodyReader.Budget(bodyMemory);
        this.router = router;
        this.authenticate = authenticate;
        this.serverAuth = serverAuth;
        this.cors = cors;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyStallMs = bodyStallMs;
        this.bodyTotalMs = bodyTotalMs;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        new Exchange(request, response, callback).start();
        return true;
    }

    /** What became of the request body, which decides whether the connection can be kept. */
    private enum BodyState {
        /** Not read (yet): settled when answering. */
        UNREAD,
        /** Read to its end, or there is none. */
        READ,
        /** Given up (too large, stalled, broken): the connection is closed after the answer. */
        ABANDONED
    }

    /**
     * One request on its way through: routing and authentication on the thread Jetty called us on, then the body is
     * read without holding a thread ({@link BodyReader}), then the endpoint runs on the thread that read the body's
     * end, and the answer is written once.
     */
    private final class Exchange {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long started = System.nanoTime();
        private final String method;
        private final String path;
        private final String requestId;
        private final String clientIp;
        private final HttpFields.Mutable headers;
        private String route = "unmatched";
        private BodyState bodyState = BodyState.UNREAD;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.method = request.getMethod();
            this.path = request.getHttpURI().getPath();
            this.requestId = RequestIds.of(request.getHeaders().get(RequestIds.HEADER));
            this.clientIp = clientAddresses.of(request);
            this.headers = response.getHeaders();
        }

        void start() {
            headers.put(RequestIds.HEADER, requestId);
            request.setAttribute(RequestIds.ATTRIBUTE, requestId);
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            try {
                if (Cors.isPreflight(method, request.getHeaders())) {
                    cors.applyPreflight(origin, headers);
                    route = "preflight";
                    answer(204, JSON, null);
                    return;
                }
                cors.apply(origin, headers);
                if (rateLimited(path)) {
                    limitRate(clientIp, headers);
                }
                Router.Match match = router.match(method, path == null ? "/" : path);
                if (match instanceof Router.Found found) {
                    route = found.route().template();
                    HttpCall call = new HttpCall(request, found.pathParams(), authenticate, serverAuth);
                    if (found.route().serverApi()) {
                        call.serverCaller();
                    } else if (found.route().authenticated()) {
                        call.caller();
                    }
                    readBodyThenInvoke(found, call);
                } else if (match instanceof Router.MethodNotAllowed notAllowed) {
                    headers.put(HttpHeader.ALLOW, String.join(", ", notAllowed.allowed()));
                    answer(ProtocolRefusal.METHOD_NOT_ALLOWED, "method " + method + " is not allowed here");
                } else {
                    answer(ErrorCode.NOT_FOUND, "ROUTE_NOT_FOUND", "no route for " + method + " " + path);
                }
            } catch (Throwable failure) {
                fail(failure);
            }
        }

        private void readBodyThenInvoke(Router.Found found, HttpCall call) throws Exception {
            if (!HttpCall.hasBody(request)) {
                bodyState = BodyState.READ;
                invoke(found, call);
                return;
            }
            if (maxBodyBytes > 0 && request.getLength() > maxBodyBytes) {
                bodyState = BodyState.ABANDONED; // refused from Content-Length alone, never read
                throw tooLarge();
            }
            BodyReader.read(request, maxBodyBytes, bodyStallMs, bodyTotalMs, bodyBudget,
                    outcome -> onBody(found, call, outcome));
        }

        private void onBody(Router.Found found, HttpCall call, BodyReader.Outcome outcome) {
            try {
                if (outcome instanceof BodyReader.Complete complete) {
                    bodyState = BodyState.READ;
                    call.receivedBody(complete.bytes());
                    invoke(found, call);
                    return;
                }
                bodyState = BodyState.ABANDONED;
                if (outcome instanceof BodyReader.TooLarge) {
                    throw tooLarge();
                }
                if (outcome instanceof BodyReader.OverBudget) {
                    metrics.httpRefused("body_memory");
                    throw new RateLimited("SERVER_BUSY", "too many request bodies are arriving at once; retry after "
                            + "1 s", 1);
                }
                if (outcome instanceof BodyReader.Stalled) {
                    metrics.httpRefused("body_timeout");
                    answer(ProtocolRefusal.BODY_TIMEOUT, "the request body did not arrive in time ("
                            + bodyStallMs / 1000 + " s without a byte, or " + bodyTotalMs / 1000 + " s in all)");
                    return;
                }
                // The client closed or broke the connection before sending the body it announced: its fault.
                throw new InvalidInput("INCOMPLETE_BODY", "the request body ended before its announced length");
            } catch (Throwable failure) {
                fail(failure);
            }
        }

        private void invoke(Router.Found found, HttpCall call) throws Exception {
            Reply reply = found.route().endpoint().handle(call);
            if (reply.raw() != null) {
                answer(reply.status(), reply.raw().contentType(), reply.raw().body());
            } else {
                answer(reply.status(), JSON,
                        reply.status() == 204 ? null : Json.writeBytes(Envelopes.success(reply.data(), now())));
            }
        }

        private void fail(Throwable thrown) {
            if (thrown instanceof Failure failure) {
                if (failure instanceof RateLimited limited) {
                    headers.put(HttpHeader.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
                }
                answer(ErrorResponses.status(failure.code()), JSON, Json.writeBytes(Envelopes.error(failure, now())));
                return;
            }
            log.error("request {} {} {} failed", requestId, method, route, thrown);
            answer(ErrorCode.INTERNAL_ERROR, "INTERNAL_ERROR", "the server could not complete the request");
        }

        /** An error answer: the status is the code's (the one mapping, {@link ErrorResponses#status}). */
        private void answer(ErrorCode code, String reason, String message) {
            answer(ErrorResponses.status(code), JSON, error(code, reason, message, null));
        }

        private void answer(ProtocolRefusal refusal, String message) {
            answer(refusal.status(), JSON, error(refusal.code(), refusal.reason(), message, null));
        }

        private void answer(int status, String contentType, byte[] body) {
            boolean drain = settleUnreadBody();
            response.setStatus(status);
            ByteBuffer content = BufferUtil.EMPTY_BUFFER;
            if (body != null) {
                headers.put(HttpHeader.CONTENT_TYPE, contentType);
                content = ByteBuffer.wrap(body);
            }
            long nanos = System.nanoTime() - started;
            metrics.httpRequest(method, route, status, nanos);
            log.info("{} {} {} -> {} in {} us [{}]", clientIp, method, route, status,
                    nanos / 1000, requestId);
            Callback then = callback;
            if (drain) {
                // The answer says Connection: close; reading (and dropping) what the client still sends before
                // the close lets it read that answer instead of a reset. Bounded, and no thread waits meanwhile.
                then = Callback.from(() -> BodyReader.drain(request, maxBodyBytes, DRAIN_STALL_MS, DRAIN_TOTAL_MS,
                        outcome -> callback.succeeded()), callback::failed);
            }
            response.write(true, content, then);
        }

        /**
         * A request answered without reading its body (refused on its token, its path, its rate...) would otherwise
         * leave the rest of the body on the connection. What has already arrived is read and dropped at once; if
         * that was the whole body the connection stays usable. Otherwise the answer says {@code Connection: close}
         * and goes out at once, without waiting for the body; returns whether the rest should then be drained.
         */
        private boolean settleUnreadBody() {
            if (bodyState == BodyState.ABANDONED) {
                headers.put(HttpHeader.CONNECTION, "close");
                return false;
            }
            if (bodyState == BodyState.READ || !HttpCall.hasBody(request)) {
                return false;
            }
            long seen = 0;
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    break;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    headers.put(HttpHeader.CONNECTION, "close");
                    return false;
                }
                seen += chunk.remaining();
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    return false;
                }
                if (maxBodyBytes > 0 && seen > maxBodyBytes) {
                    headers.put(HttpHeader.CONNECTION, "close");
                    return false;
                }
            }
            headers.put(HttpHeader.CONNECTION, "close");
            long length = request.getLength();
            return length < 0 || maxBodyBytes <= 0 || length <= maxBodyBytes;
        }
    }

    private PayloadTooLarge tooLarge() {
        return new PayloadTooLarge("PAYLOAD_TOO_LARGE", "the body is larger than " + maxBodyBytes + " bytes");
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
