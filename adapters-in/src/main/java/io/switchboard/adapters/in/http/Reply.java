package io.switchboard.adapters.in.http;

/**
 * What an endpoint answers: a status and the payload for the success envelope (null for 204), or a body sent as
 * is, with its own content type (the health documents and the Prometheus text).
 */
record Reply(int status, Object data, Raw raw) {
    /** A body that bypasses the envelope. */
    record Raw(String contentType, byte[] body) {
    }

    static Reply ok(Object data) {
        return new Reply(200, data, null);
    }

    static Reply created(Object data) {
        return new Reply(201, data, null);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }

    static Reply raw(int status, String contentType, byte[] body) {
        return new Reply(status, null, new Raw(contentType, body));
    }
}
