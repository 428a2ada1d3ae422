package app.trecho.tui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import app.trecho.client.ConnectionException;
import app.trecho.client.ServerErrorException;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Response;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LoginViewTest {

    @Test
    void wrongPasswordIsExplainedInWords() throws Exception {
        try (Harness h = new Harness()) {
            when(h.client.login(any(), any()))
                    .thenReturn(CompletableFuture.failedFuture(
                            new ServerErrorException(ErrorCode.INVALID_CREDENTIALS, "bad", Map.of())));
            h.start();
            h.type("alice");
            h.press(KeyType.Tab);
            h.type("wrongpass");
            h.press(KeyType.Enter);
            h.awaitText("! Wrong username or password.");
            h.awaitText("not logged in");
        }
    }

    @Test
    void takenUsernameIsExplainedOnRegister() throws Exception {
        try (Harness h = new Harness()) {
            when(h.client.register(eq("alice"), any()))
                    .thenReturn(CompletableFuture.failedFuture(
                            new ServerErrorException(ErrorCode.USERNAME_TAKEN, "taken", Map.of())));
            h.start();
            h.type("alice");
            h.press(KeyType.Tab);
            h.type("secret123");
            h.press(KeyType.Tab);
            h.press(KeyType.Tab); // the Register button
            h.press(KeyType.Enter);
            h.awaitText("That username is already taken");
        }
    }

    @Test
    void unreachableServerIsExplainedAndEnterRetries() throws Exception {
        try (Harness h = new Harness()) {
            h.connectResult = CompletableFuture.failedFuture(new ConnectionException("Connection refused", null));
            h.start();
            h.awaitText("Cannot reach the server at test:7070");
            h.awaitText("offline");
            h.connectResult = CompletableFuture.completedFuture(h.client);
            when(h.client.register(any(), any()))
                    .thenReturn(CompletableFuture.completedFuture(new Response.AccountRegisterOk("1", "bob", "t")));
            when(h.client.board(any(), any())).thenReturn(CompletableFuture.completedFuture(List.of()));
            h.press(KeyType.Tab);
            h.press(KeyType.Enter); // password field, empty: first retries the connection
            h.awaitText("(connected)");
            assertTrue(h.listener.get() != null, "the TUI listens to the client once connected");
        }
    }

    @Test
    void screensNeedALoginFirst() throws Exception {
        try (Harness h = new Harness()) {
            h.start();
            h.press(KeyType.F4);
            h.awaitText("Log in first");
            h.awaitText("Username");
        }
    }
}
