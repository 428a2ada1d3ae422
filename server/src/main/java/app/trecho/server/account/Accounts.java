package app.trecho.server.account;

import app.trecho.protocol.ErrorCode;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Accounts and sessions: register and log in with salted PBKDF2 hashes (parameters stored per
 * user), random 128-bit session tokens of which only a SHA-256 hash is kept, constant-time
 * comparisons. Thread-safe, no I/O. Slow hashing runs outside the monitor; the monitor only
 * guards the maps and the log append (see server/CONCURRENCY.md).
 */
public final class Accounts {

    /** Production PBKDF2 iteration count for new passwords. */
    public static final int DEFAULT_ITERATIONS = 100_000;

    static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{2,31}$");
    static final Pattern TOKEN = Pattern.compile("^[0-9a-f]{32}$");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    private static final int SALT_BYTES = 16;
    private static final int TOKEN_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    /** A logged-in identity: the username and the session token to resume it with. */
    public record Session(String username, String token) {}

    /** What is stored of a user: never the password, only its hash and how it was made. */
    private record User(String username, String algorithm, int iterations, byte[] salt, byte[] hash) {}

    private final InstantSource clock;
    private final SecureRandom random;
    private final int iterations;
    private final ChangeLog log;
    /** Compared against for unknown users, so they cost as much as a wrong password. */
    private final User dummy;

    private final Object monitor = new Object();
    private final Map<String, User> users = new HashMap<>();
    /** Open sessions: hex SHA-256 of the token to the username. */
    private final Map<String, String> sessions = new HashMap<>();

    /**
     * @param iterations PBKDF2 iterations for new passwords ({@link #DEFAULT_ITERATIONS} in
     *     production); existing users keep the count their hash was made with
     */
    public Accounts(InstantSource clock, SecureRandom random, int iterations, ChangeLog log) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.iterations = iterations;
        this.log = Objects.requireNonNull(log, "log");
        byte[] dummySalt = randomBytes(SALT_BYTES);
        this.dummy =
                new User("", PasswordHasher.ALGORITHM, iterations, dummySalt, randomBytes(PasswordHasher.HASH_BYTES));
    }

    /** Creates the account and opens a session: INVALID_FIELD for a bad name or password, USERNAME_TAKEN when it exists. */
    public Outcome<Session> register(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Outcome.rejected(
                    ErrorCode.INVALID_FIELD,
                    "username: 3-32 of a-z 0-9 _ . - starting with a letter or digit",
                    Map.of("field", "username"));
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            return Outcome.rejected(
                    ErrorCode.INVALID_FIELD,
                    "password: " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters",
                    Map.of("field", "password"));
        }
        synchronized (monitor) {
            if (users.containsKey(username)) {
                return taken(username);
            }
        }
        byte[] salt = randomBytes(SALT_BYTES);
        byte[] hash = PasswordHasher.pbkdf2(PasswordHasher.ALGORITHM, password, salt, iterations);
        String token = newToken();
        String tokenHash = hashToken(token);
        synchronized (monitor) {
            // Checked again: another register of the same name may have won while we hashed.
            if (users.containsKey(username)) {
                return taken(username);
            }
            Instant now = clock.instant();
            users.put(username, new User(username, PasswordHasher.ALGORITHM, iterations, salt, hash));
            sessions.put(tokenHash, username);
            List<Change> changes = List.of(
                    new Change.AccountCreated(
                            username, PasswordHasher.ALGORITHM, iterations, salt.clone(), hash.clone(), now),
                    new Change.SessionOpened(tokenHash, username, now));
            return new Outcome.Ok<>(new Session(username, token), changes, List.of(), log.append(changes));
        }
    }

    /** INVALID_CREDENTIALS for an unknown user or a wrong password (indistinguishable, similar time). */
    public Outcome<Session> login(String username, String password) {
        if (username == null || password == null) {
            return Outcome.rejected(ErrorCode.INVALID_CREDENTIALS, "wrong username or password");
        }
        User user;
        synchronized (monitor) {
            user = users.get(username);
        }
        User against = user == null ? dummy : user;
        byte[] attempt = PasswordHasher.pbkdf2(against.algorithm(), password, against.salt(), against.iterations());
        boolean matches = MessageDigest.isEqual(attempt, against.hash());
        if (user == null || !matches) {
            return Outcome.rejected(ErrorCode.INVALID_CREDENTIALS, "wrong username or password");
        }
        String token = newToken();
        String tokenHash = hashToken(token);
        synchronized (monitor) {
            sessions.put(tokenHash, username);
            List<Change> changes = List.of(new Change.SessionOpened(tokenHash, username, clock.instant()));
            return new Outcome.Ok<>(new Session(username, token), changes, List.of(), log.append(changes));
        }
    }

    /** The username of a live session, or SESSION_INVALID. */
    public Outcome<String> resume(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Outcome.rejected(ErrorCode.SESSION_INVALID, "unknown or closed session");
        }
        String tokenHash = hashToken(token);
        synchronized (monitor) {
            String username = sessions.get(tokenHash);
            if (username == null) {
                return Outcome.rejected(ErrorCode.SESSION_INVALID, "unknown or closed session");
            }
            return Outcome.Ok.of(username);
        }
    }

    /** Closes the session; a token that is unknown or already closed is fine (nothing changes). */
    public Outcome<Void> logout(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Outcome.Ok.of(null);
        }
        String tokenHash = hashToken(token);
        synchronized (monitor) {
            if (sessions.remove(tokenHash) == null) {
                return Outcome.Ok.of(null);
            }
            List<Change> changes = List.of(new Change.SessionClosed(tokenHash, clock.instant()));
            return new Outcome.Ok<>(null, changes, List.of(), log.append(changes));
        }
    }

    /** True when the account exists. */
    public boolean exists(String username) {
        synchronized (monitor) {
            return users.containsKey(username);
        }
    }

    /**
     * Applies a stored account change without appending it to the log (start-up rebuild). Booking
     * and idempotency changes are ignored here.
     *
     * @throws IllegalStateException when the change does not fit (a user twice, a session of nobody)
     */
    public void replay(Change change) {
        synchronized (monitor) {
            switch (change) {
                case Change.AccountCreated created -> {
                    User user = new User(
                            created.username(),
                            created.algorithm(),
                            created.iterations(),
                            created.salt().clone(),
                            created.hash().clone());
                    if (users.putIfAbsent(created.username(), user) != null) {
                        throw new IllegalStateException("account " + created.username() + " created twice");
                    }
                }
                case Change.SessionOpened opened -> {
                    if (!users.containsKey(opened.username())) {
                        throw new IllegalStateException("session of unknown account " + opened.username());
                    }
                    sessions.put(opened.tokenHash(), opened.username());
                }
                case Change.SessionClosed closed -> sessions.remove(closed.tokenHash());
                default -> {}
            }
        }
    }

    /** How many accounts exist (for the operator's status). */
    public int count() {
        synchronized (monitor) {
            return users.size();
        }
    }

    /**
     * Replaces every account and session with {@code changes} replayed onto empty maps, in one step
     * under the monitor (start-up, and the reload after a failed write). Booking and idempotency
     * changes are ignored; on a change that does not fit, nothing is replaced.
     *
     * @throws IllegalStateException as {@link #replay}
     */
    public void rebuild(List<Change> changes) {
        synchronized (monitor) {
            Map<String, User> oldUsers = new HashMap<>(users);
            Map<String, String> oldSessions = new HashMap<>(sessions);
            users.clear();
            sessions.clear();
            try {
                changes.forEach(this::replay);
            } catch (RuntimeException e) {
                users.clear();
                users.putAll(oldUsers);
                sessions.clear();
                sessions.putAll(oldSessions);
                throw e;
            }
        }
    }

    /** The hex SHA-256 of a token: what {@link Change.SessionOpened} carries and the store keeps. */
    public static String hashToken(String token) {
        return HEX.formatHex(PasswordHasher.sha256(token.getBytes(StandardCharsets.US_ASCII)));
    }

    private static <T> Outcome<T> taken(String username) {
        return Outcome.rejected(
                ErrorCode.USERNAME_TAKEN, "username " + username + " is taken", Map.of("field", "username"));
    }

    private String newToken() {
        return HEX.formatHex(randomBytes(TOKEN_BYTES));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
