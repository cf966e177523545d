package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.json.Envelopes;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.ErrorCode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Errors Jetty raises before a request reaches the API (a malformed URI, headers too large, a 500 from a
 * handler that threw) get the contract's JSON envelope too, never an HTML page or a stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() > 0 ? response.getStatus() : 500;
        ErrorCode code = ErrorResponses.codeFor(status);
        String reason = code == ErrorCode.INTERNAL_ERROR ? "INTERNAL_ERROR" : "HTTP_" + status;
        String message = code == ErrorCode.INTERNAL_ERROR ? "the server could not complete the request"
                : "the request was refused (HTTP " + status + ")";
        byte[] body = Json.writeBytes(Envelopes.error(code, reason, message, null, Views.iso(Instant.now())));
        // Every response carries a request id (docs/api.md), also those Jetty refuses before routing.
        response.getHeaders().put(RequestIds.HEADER, RequestIds.of(requestIdOf(request)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The client's id if its headers were read at all (not when they were too large to parse). */
    private static String requestIdOf(Request request) {
        HttpFields headers = request.getHeaders();
        return headers == null ? null : headers.get("X-Request-Id");
    }
}
