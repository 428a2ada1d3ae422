package app.trecho.protocol;

import java.util.Map;

/**
 * A received line that is not a valid message. Carries the error code to answer with and, when it
 * could be read, the request id to answer to.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String requestId;
    private final transient Map<String, Object> details;

    public ProtocolException(ErrorCode code, String message, String requestId, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
        this.details = details;
    }

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The {@code id} of the offending request when it could be read, else null. */
    public String requestId() {
        return requestId;
    }

    /** Optional structured details (e.g. {@code {"field":"passengers"}}), or null. */
    public Map<String, Object> details() {
        return details;
    }
}
