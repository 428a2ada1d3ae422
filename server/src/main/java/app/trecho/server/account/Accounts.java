package app.trecho.server.account;

import app.trecho.server.state.Outcome;

/**
 * Accounts and sessions: register and log in with salted PBKDF2 hashes (parameters stored per
 * user), random 128-bit session tokens, constant-time comparisons. Thread-safe, no I/O.
 */
public final class Accounts {

    /** A logged-in identity: the username and the session token to resume it with. */
    public record Session(String username, String token) {}

    /** Creates the account and opens a session: USERNAME_TAKEN when it exists. */
    public Outcome<Session> register(String username, String password) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** INVALID_CREDENTIALS for an unknown user or a wrong password (indistinguishable, similar time). */
    public Outcome<Session> login(String username, String password) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** The username of a live session, or SESSION_INVALID. */
    public Outcome<String> resume(String token) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    public Outcome<Void> logout(String token) {
        throw new UnsupportedOperationException("TODO core helper");
    }
}
