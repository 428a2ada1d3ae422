package app.trecho.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.server.booking.MutableClock;
import app.trecho.server.booking.RecordingLog;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AccountsTest {

    private static final int FAST = 1_000;
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-10T12:00:00Z"));
    private final RecordingLog log = new RecordingLog();
    private final Accounts accounts = new Accounts(clock, new SecureRandom(), FAST, log);

    static <T> Outcome.Ok<T> ok(Outcome<T> outcome) {
        assertInstanceOf(Outcome.Ok.class, outcome, outcome::toString);
        return (Outcome.Ok<T>) outcome;
    }

    static ErrorCode code(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Rejected.class, outcome).code();
    }

    @Test
    void registerCreatesTheAccountAndOpensASession() {
        Outcome.Ok<Accounts.Session> registered = ok(accounts.register("ana.silva", "correct horse"));
        Accounts.Session session = registered.value();
        assertEquals("ana.silva", session.username());
        assertTrue(session.token().matches("^[0-9a-f]{32}$"), session.token());
        assertEquals("ana.silva", ok(accounts.resume(session.token())).value());

        Change.AccountCreated created = assertInstanceOf(
                Change.AccountCreated.class, registered.changes().get(0));
        assertEquals("PBKDF2WithHmacSHA256", created.algorithm());
        assertEquals(FAST, created.iterations());
        assertEquals(16, created.salt().length);
        assertEquals(32, created.hash().length);
        Change.SessionOpened opened = assertInstanceOf(
                Change.SessionOpened.class, registered.changes().get(1));
        assertEquals(Accounts.hashToken(session.token()), opened.tokenHash());
        assertFalse(opened.tokenHash().contains(session.token()), "only a hash of the token is kept");
        assertEquals(registered.changes(), log.changes());
    }

    @Test
    void theStoredHashIsPbkdf2OfThePasswordWithTheSalt() {
        Change.AccountCreated created = (Change.AccountCreated)
                ok(accounts.register("ana", "correct horse")).changes().getFirst();
        byte[] expected = PasswordHasher.pbkdf2(created.algorithm(), "correct horse", created.salt(), FAST);
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(created.hash()));
        Change.AccountCreated other = (Change.AccountCreated)
                ok(accounts.register("bob", "correct horse")).changes().getFirst();
        assertNotEquals(HexFormat.of().formatHex(created.salt()), HexFormat.of().formatHex(other.salt()));
        assertNotEquals(HexFormat.of().formatHex(created.hash()), HexFormat.of().formatHex(other.hash()));
    }

    @Test
    void takenUsernameIsRejected() {
        ok(accounts.register("ana", "correct horse"));
        assertEquals(ErrorCode.USERNAME_TAKEN, code(accounts.register("ana", "another password")));
        assertEquals(2, log.changes().size());
    }

    @Test
    void badUsernamesAndPasswordsAreInvalidFields() {
        for (String name : List.of("ab", "Ana", "_ana", "ana silva", "a".repeat(33), "")) {
            assertEquals(ErrorCode.INVALID_FIELD, code(accounts.register(name, "correct horse")), name);
        }
        assertEquals(ErrorCode.INVALID_FIELD, code(accounts.register("ana", "short")));
        assertEquals(ErrorCode.INVALID_FIELD, code(accounts.register("ana", "x".repeat(129))));
        ok(accounts.register("a0_.-z", "x".repeat(128)));
    }

    @Test
    void loginWithTheRightPasswordOpensANewSession() {
        String first = ok(accounts.register("ana", "correct horse")).value().token();
        Outcome.Ok<Accounts.Session> login = ok(accounts.login("ana", "correct horse"));
        assertNotEquals(first, login.value().token());
        assertEquals(
                List.of(new Change.SessionOpened(
                        Accounts.hashToken(login.value().token()), "ana", clock.instant())),
                login.changes());
        assertEquals("ana", ok(accounts.resume(first)).value(), "the first session stays open");
    }

    @Test
    void unknownUserAndWrongPasswordAreIndistinguishable() {
        ok(accounts.register("ana", "correct horse"));
        Outcome.Rejected<?> wrong = assertInstanceOf(Outcome.Rejected.class, accounts.login("ana", "wrong horse"));
        Outcome.Rejected<?> unknown = assertInstanceOf(Outcome.Rejected.class, accounts.login("bob", "wrong horse"));
        assertEquals(ErrorCode.INVALID_CREDENTIALS, wrong.code());
        assertEquals(wrong, unknown);
    }

    @Test
    void olderIterationCountsStillVerifyAfterTheDefaultIsRaised() {
        RecordingLog stored = new RecordingLog();
        ok(new Accounts(clock, new SecureRandom(), 500, stored).register("ana", "correct horse"));
        Accounts raised = new Accounts(clock, new SecureRandom(), 2_000, ChangeLog.NONE);
        stored.changes().forEach(raised::replay);
        ok(raised.login("ana", "correct horse"));
        Change.AccountCreated fresh = (Change.AccountCreated)
                ok(raised.register("bob", "correct horse")).changes().getFirst();
        assertEquals(2_000, fresh.iterations());
    }

    @Test
    void logoutClosesTheSession() {
        String token = ok(accounts.register("ana", "correct horse")).value().token();
        Outcome.Ok<Void> out = ok(accounts.logout(token));
        assertEquals(List.of(new Change.SessionClosed(Accounts.hashToken(token), clock.instant())), out.changes());
        assertEquals(ErrorCode.SESSION_INVALID, code(accounts.resume(token)));
        assertEquals(List.of(), ok(accounts.logout(token)).changes(), "a second logout changes nothing");
    }

    @Test
    void malformedOrUnknownTokensAreInvalidSessions() {
        assertEquals(ErrorCode.SESSION_INVALID, code(accounts.resume("0".repeat(32))));
        assertEquals(
                ErrorCode.SESSION_INVALID,
                code(accounts.resume("ABCDEF".repeat(6).substring(0, 32))));
        assertEquals(ErrorCode.SESSION_INVALID, code(accounts.resume(null)));
        assertEquals(ErrorCode.SESSION_INVALID, code(accounts.resume("abc")));
    }

    @Test
    void replayRestoresAccountsAndOpenSessions() {
        String kept = ok(accounts.register("ana", "correct horse")).value().token();
        String closed = ok(accounts.login("ana", "correct horse")).value().token();
        ok(accounts.logout(closed));
        Accounts restarted = new Accounts(clock, new SecureRandom(), FAST, ChangeLog.NONE);
        log.changes().forEach(restarted::replay);
        assertEquals("ana", ok(restarted.resume(kept)).value());
        assertEquals(ErrorCode.SESSION_INVALID, code(restarted.resume(closed)));
        ok(restarted.login("ana", "correct horse"));
        assertEquals(ErrorCode.USERNAME_TAKEN, code(restarted.register("ana", "correct horse")));
    }

    @Test
    void concurrentRegistrationsOfOneNameHaveExactlyOneWinner() throws Exception {
        List<Future<Outcome<Accounts.Session>>> attempts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                attempts.add(pool.submit(() -> accounts.register("ana", "correct horse")));
            }
        }
        int winners = 0;
        for (Future<Outcome<Accounts.Session>> attempt : attempts) {
            Outcome<Accounts.Session> outcome = attempt.get();
            if (outcome instanceof Outcome.Ok<?>) {
                winners++;
            } else {
                assertEquals(ErrorCode.USERNAME_TAKEN, code(outcome));
            }
        }
        assertEquals(1, winners);
    }
}
