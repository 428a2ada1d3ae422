package app.trecho.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.config.ConfigException;
import app.trecho.server.config.ServerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorTokenTest {

    @Test
    void theConfiguredTokenMatchesAndNothingElseDoes() {
        OperatorToken token = OperatorToken.of("correct-horse-battery-staple");
        assertTrue(token.configured());
        assertTrue(token.matches("correct-horse-battery-staple"));
        assertFalse(token.matches("correct-horse-battery-stapl"));
        assertFalse(token.matches("correct-horse-battery-staple "));
        assertFalse(token.matches("CORRECT-HORSE-BATTERY-STAPLE"));
        assertFalse(token.matches(""));
        assertFalse(token.matches(null));
    }

    @Test
    void withoutATokenEveryOfferIsRefused() {
        for (OperatorToken none :
                new OperatorToken[] {OperatorToken.none(), OperatorToken.of(""), OperatorToken.of(null)}) {
            assertFalse(none.configured());
            assertFalse(none.matches(""));
            assertFalse(none.matches("anything-at-all-0123"));
        }
    }

    @Test
    void theSecretNeverShowsInToString() {
        assertFalse(OperatorToken.of("correct-horse-battery-staple").toString().contains("horse"));
        assertFalse(new app.trecho.protocol.Request.AdminStatus("1", "correct-horse-battery-staple")
                .toString()
                .contains("horse"));
    }

    @Test
    void theTokenComesFromTheEnvironmentOrTheFlagAndNeverShowsInTheConfig() throws ConfigException {
        ServerConfig fromEnv =
                ServerConfig.parse(List.of(), Map.of("TRECHO_OPERATOR_TOKEN", "correct-horse-battery-staple"));
        assertEquals("correct-horse-battery-staple", fromEnv.operatorToken());
        assertFalse(fromEnv.toString().contains("horse"), fromEnv::toString);
        ServerConfig fromFlag = ServerConfig.parse(
                List.of("--operator-token", "flag-token-0123456789"),
                Map.of("TRECHO_OPERATOR_TOKEN", "correct-horse-battery-staple"));
        assertEquals("flag-token-0123456789", fromFlag.operatorToken());
        assertNull(ServerConfig.defaults().operatorToken());
    }

    @Test
    void aShortTokenStopsStartUpNamingTheVariable() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> ServerConfig.parse(List.of(), Map.of("TRECHO_OPERATOR_TOKEN", "short")));
        assertTrue(e.getMessage().startsWith("TRECHO_OPERATOR_TOKEN: must be 16..256 characters"), e.getMessage());
    }
}
