package io.switchboard.adapters.in.ws;

import io.switchboard.adapters.in.http.ErrorResponses;
import io.switchboard.adapters.in.http.RequestIds;
import io.switchboard.adapters.in.json.Envelopes;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.ErrorCode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * An upgrade refused before any socket exists: the REST error envelope, with the status of its code
 * ({@link ErrorResponses#status}, the one mapping).
 */
final class UpgradeRefusal {
    private UpgradeRefusal() {
    }

    static void write(Request request, Response response, Callback callback, ErrorCode code, String reason,
                      String message, Instant now) {
        Map<String, Object> body = Envelopes.error(code, reason, message, null, Views.iso(now));
        response.setStatus(ErrorResponses.status(code));
        response.getHeaders().put(RequestIds.HEADER, RequestIds.of(request.getHeaders().get(RequestIds.HEADER)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(Json.writeBytes(body)), callback);
    }
}
