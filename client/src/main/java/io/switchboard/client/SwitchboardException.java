package io.switchboard.client;

/**
 * A refusal from the server, as the contract names it: the numeric {@code code} (4 UNAUTHORIZED, 5 FORBIDDEN, ...),
 * the stable {@code reason} ({@code TOKEN_EXPIRED}, {@code SUBSCRIBE_FORBIDDEN}, ...) and the human message. For a
 * REST answer {@code httpStatus} is its status, else 0. Branch on code and reason, never on the message.
 */
public class SwitchboardException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String reason;
    private final int httpStatus;

    public SwitchboardException(int code, String reason, String message, int httpStatus) {
        super(reason + ": " + message);
        this.code = code;
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The connection went down before the answer came (the request may or may not have been handled). */
    public static SwitchboardException disconnected() {
        return new SwitchboardException(0, "DISCONNECTED", "the connection went down before the answer", 0);
    }
}
