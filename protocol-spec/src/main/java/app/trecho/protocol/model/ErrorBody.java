package app.trecho.protocol.model;

import app.trecho.protocol.ErrorCode;
import java.util.Map;

/**
 * The error object of an {@code error} response.
 *
 * @param details optional structured context (JSON values: strings, numbers, booleans, lists, maps); null when absent
 */
public record ErrorBody(ErrorCode code, String message, Map<String, Object> details) {}
