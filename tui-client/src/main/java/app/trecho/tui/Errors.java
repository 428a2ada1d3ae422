package app.trecho.tui;

import app.trecho.client.ConnectionException;
import app.trecho.client.ServerErrorException;
import app.trecho.protocol.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns a failed request into words a customer understands. */
final class Errors {
    private Errors() {}

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The server's error code, or null when the failure was not a server error. */
    static ErrorCode code(Throwable error) {
        return unwrap(error) instanceof ServerErrorException e ? e.code() : null;
    }

    static String describe(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof ServerErrorException e) {
            return describe(e.code(), e.getMessage());
        }
        if (t instanceof ConnectionException e) {
            return "Connection problem: " + e.getMessage();
        }
        return "Unexpected failure: " + t.getMessage();
    }

    static String describe(ErrorCode code, String serverMessage) {
        return switch (code) {
            case INVALID_CREDENTIALS -> "Wrong username or password.";
            case USERNAME_TAKEN -> "That username is already taken: choose another, or log in.";
            case NOT_AUTHENTICATED -> "Please log in first.";
            case SEAT_TAKEN -> "Someone else just took that seat.";
            case SEATS_UNAVAILABLE -> "Not enough free seats left for your party.";
            case CART_EMPTY -> "Your cart is empty.";
            case CART_CHANGED -> "Your cart changed (a hold expired or was released); check it and try again.";
            case RATE_LIMITED -> "Too many attempts; wait a moment and try again.";
            case NOT_FOUND -> "That no longer exists.";
            case INVALID_ITINERARY -> "That itinerary can no longer be booked.";
            case SHUTTING_DOWN -> "The server is shutting down; try again shortly.";
            case STORAGE_UNAVAILABLE -> "The server could not save that; nothing changed. Try again.";
            case INVALID_FIELD -> "Invalid input: " + serverMessage;
            default -> code.wire() + ": " + serverMessage;
        };
    }
}
