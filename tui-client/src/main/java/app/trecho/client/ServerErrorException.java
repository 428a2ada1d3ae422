package app.trecho.client;

import app.trecho.protocol.ErrorCode;
import java.util.Map;

/** The server answered with an error: its stable code, message and optional details. */
public final class ServerErrorException extends ClientException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public ServerErrorException(ErrorCode code, String message, Map<String, Object> details) {
        super(message, null);
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
