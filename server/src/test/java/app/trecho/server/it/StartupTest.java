package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.server.TrechoServer;
import app.trecho.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTest {

    @Test
    void startsOnAFreePortInMemoryAndClosesIdempotently() throws Exception {
        TrechoServer server = ServerFixture.start();
        assertTrue(server.port() > 0);
        assertEquals("memory", server.durability().mode());
        try (TestClient c = TestClient.handshaken(server.port())) {
            Response.CityListOk cities =
                    assertInstanceOf(Response.CityListOk.class, c.call(new Request.CityList(c.nextId())));
            assertTrue(cities.cities().size() >= 10);
        }
        server.close();
        server.close();
        server.awaitClosed();
    }

    @Test
    void badNetworkFileStopsStartUpNamingTheFlagAndFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"cities\": [");
        ConfigException e =
                assertThrows(ConfigException.class, () -> ServerFixture.start("--network", file.toString()));
        assertTrue(e.getMessage().startsWith("--network: "), e.getMessage());
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }

    @Test
    void holdTtlIsAnnouncedInTheHandshake() throws Exception {
        try (TrechoServer server = ServerFixture.start("--hold-ttl", "90s");
                TestClient c = TestClient.connect(server.port())) {
            Response.HelloOk ok =
                    assertInstanceOf(Response.HelloOk.class, c.call(new Request.Hello("h", List.of(1), null)));
            assertEquals(90, ok.holdTtlSeconds());
            assertEquals(65_536, ok.maxLineBytes());
        }
    }
}
