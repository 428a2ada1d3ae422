package app.trecho.protocol;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The module's spec resources (schemas, vectors, PROTOCOL.md) as tests read them. */
final class SpecResources {
    static final String SCHEMA_BASE = "https://trecho.app/protocol/v1/";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build())
                    .schemaIdResolvers(r -> r.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private SpecResources() {}

    /** The schema with {@code $id} {@code <base><name>.schema.json}, e.g. {@code hold.create} or {@code request}. */
    static Schema schema(String name) {
        return SCHEMAS.computeIfAbsent(
                name, n -> REGISTRY.getSchema(SchemaLocation.of(SCHEMA_BASE + n + ".schema.json")));
    }

    static List<Error> validate(String schemaName, JsonNode instance) {
        return schema(schemaName).validate(instance);
    }

    static Path dir(String name) {
        URL url = SpecResources.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing resource directory " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** File names (without directory) in a resource directory, sorted. */
    static List<String> files(String dirName) {
        try (Stream<Path> s = Files.list(dir(dirName))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String resource) {
        try (InputStream in = SpecResources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PROTOCOL.md at the module root (tests run with the module as working directory). */
    static String protocolMd() {
        try {
            return Files.readString(Path.of("PROTOCOL.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String schemaNameFor(MessageType type) {
        return Request.class.isAssignableFrom(type.recordClass()) ? "request" : "server-message";
    }
}
