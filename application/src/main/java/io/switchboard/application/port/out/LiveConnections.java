package io.switchboard.application.port.out;

import io.switchboard.application.realtime.LiveConnection;

import java.util.List;

/** The WebSocket connections open on this instance right now, for the admin pages (GET /api/admin/...). */
public interface LiveConnections {
    /** A snapshot, oldest first. */
    List<LiveConnection> snapshot();
}
