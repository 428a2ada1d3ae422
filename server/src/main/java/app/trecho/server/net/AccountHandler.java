package app.trecho.server.net;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.server.account.Accounts;
import app.trecho.server.state.Outcome;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** register, login, resume and logout: they move a session between ANONYMOUS and AUTHENTICATED. */
final class AccountHandler {
    private static final Logger log = LoggerFactory.getLogger(AccountHandler.class);

    private final Accounts accounts;
    private final EventHub hub;
    private final LoginLimiter logins;
    private final Recovery recovery;

    AccountHandler(Accounts accounts, EventHub hub, LoginLimiter logins, Recovery recovery) {
        this.accounts = accounts;
        this.hub = hub;
        this.logins = logins;
        this.recovery = recovery;
    }

    /** Runs a state-changing account call inside the recovery gate (null: the store is unavailable). */
    private <T> Outcome<T> changing(java.util.function.Supplier<Outcome<T>> call) {
        if (!recovery.tryEnter()) {
            return null;
        }
        try {
            return call.get();
        } finally {
            recovery.exit();
        }
    }

    private Response.Error unavailable(String id) {
        return Replies.error(id, ErrorCode.STORAGE_UNAVAILABLE, "the store cannot take changes right now");
    }

    /** Waits for durability; on failure asks for the reload that brings memory back to the store. */
    private Response.Error awaitDurable(String id, Outcome.Ok<?> ok) {
        Response.Error failed = Replies.awaitDurable(id, ok.durable());
        if (failed != null) {
            recovery.reloadSoon();
        } else {
            recovery.stored();
        }
        return failed;
    }

    Response register(Session s, Request.AccountRegister r) {
        Outcome<Accounts.Session> outcome = changing(() -> accounts.register(r.username(), r.password()));
        if (outcome == null) {
            return unavailable(r.id());
        }
        return switch (outcome) {
            case Outcome.Rejected<Accounts.Session> no -> Replies.rejected(r.id(), no);
            case Outcome.Ok<Accounts.Session> ok -> {
                Response.Error failed = awaitDurable(r.id(), ok);
                if (failed != null) {
                    yield failed;
                }
                enter(s, ok.value());
                log.info(
                        "conn {} registered user={}",
                        s.connectionId(),
                        ok.value().username());
                yield new Response.AccountRegisterOk(
                        r.id(), ok.value().username(), ok.value().token());
            }
        };
    }

    Response login(Session s, Request.AccountLogin r) {
        long retryAfterMs = logins.retryAfterMs(r.username(), s.address());
        if (retryAfterMs > 0) {
            return Replies.error(
                    r.id(), ErrorCode.RATE_LIMITED, "too many failed logins", Map.of("retryAfterMs", retryAfterMs));
        }
        Outcome<Accounts.Session> outcome = changing(() -> accounts.login(r.username(), r.password()));
        if (outcome == null) {
            return unavailable(r.id());
        }
        return switch (outcome) {
            case Outcome.Rejected<Accounts.Session> no -> {
                if (no.code() == ErrorCode.INVALID_CREDENTIALS) {
                    logins.failed(r.username(), s.address());
                }
                log.info("conn {} login failed user={}", s.connectionId(), r.username());
                yield Replies.rejected(r.id(), no);
            }
            case Outcome.Ok<Accounts.Session> ok -> {
                Response.Error failed = awaitDurable(r.id(), ok);
                if (failed != null) {
                    yield failed;
                }
                enter(s, ok.value());
                log.info("conn {} login user={}", s.connectionId(), ok.value().username());
                yield new Response.AccountLoginOk(
                        r.id(), ok.value().username(), ok.value().token());
            }
        };
    }

    Response resume(Session s, Request.SessionResume r) {
        return switch (accounts.resume(r.token())) {
            case Outcome.Rejected<String> no -> Replies.rejected(r.id(), no);
            case Outcome.Ok<String> ok -> {
                Response.Error failed = Replies.awaitDurable(r.id(), ok.durable());
                if (failed != null) {
                    yield failed;
                }
                enter(s, new Accounts.Session(ok.value(), r.token()));
                log.info("conn {} resumed user={}", s.connectionId(), ok.value());
                yield new Response.SessionResumeOk(r.id(), ok.value());
            }
        };
    }

    Response logout(Session s, Request.AccountLogout r) {
        String account = s.account();
        Outcome<Void> outcome = changing(() -> accounts.logout(s.token()));
        if (outcome == null) {
            return unavailable(r.id());
        }
        return switch (outcome) {
            case Outcome.Rejected<Void> no -> Replies.rejected(r.id(), no);
            case Outcome.Ok<Void> ok -> {
                Response.Error failed = awaitDurable(r.id(), ok);
                if (failed != null) {
                    yield failed;
                }
                s.loggedOut();
                hub.leaveAccount(account, s.sink());
                log.info("conn {} logout user={}", s.connectionId(), account);
                yield new Response.AccountLogoutOk(r.id());
            }
        };
    }

    private void enter(Session s, Accounts.Session identity) {
        String previous = s.account();
        if (previous != null) {
            hub.leaveAccount(previous, s.sink()); // session.resume switching identity
        }
        s.authenticated(identity.username(), identity.token());
        hub.joinAccount(identity.username(), s.sink());
    }
}
