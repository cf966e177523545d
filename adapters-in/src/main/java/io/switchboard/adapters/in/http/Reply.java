package io.switchboard.adapters.in.http;

/** What an endpoint answers: a status and the payload for the success envelope (null for 204). */
record Reply(int status, Object data) {
    static Reply ok(Object data) {
        return new Reply(200, data);
    }

    static Reply created(Object data) {
        return new Reply(201, data);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }
}
