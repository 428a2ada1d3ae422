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

    AccountHandler(Accounts accounts, EventHub hub, LoginLimiter logins) {
        this.accounts = accounts;
        this.hub = hub;
        this.logins = logins;
    }

    Response register(Session s, Request.AccountRegister r) {
        return switch (accounts.register(r.username(), r.password())) {
            case Outcome.Rejected<Accounts.Session> no -> Replies.rejected(r.id(), no);
            case Outcome.Ok<Accounts.Session> ok -> {
                Response.Error failed = Replies.awaitDurable(r.id(), ok.durable());
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
        return switch (accounts.login(r.username(), r.password())) {
            case Outcome.Rejected<Accounts.Session> no -> {
                if (no.code() == ErrorCode.INVALID_CREDENTIALS) {
                    logins.failed(r.username(), s.address());
                }
                log.info("conn {} login failed user={}", s.connectionId(), r.username());
                yield Replies.rejected(r.id(), no);
            }
            case Outcome.Ok<Accounts.Session> ok -> {
                Response.Error failed = Replies.awaitDurable(r.id(), ok.durable());
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
        return switch (accounts.logout(s.token())) {
            case Outcome.Rejected<Void> no -> Replies.rejected(r.id(), no);
            case Outcome.Ok<Void> ok -> {
                Response.Error failed = Replies.awaitDurable(r.id(), ok.durable());
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
