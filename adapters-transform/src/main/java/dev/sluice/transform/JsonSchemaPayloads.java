package dev.sluice.transform;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.InputStreamSource;
import dev.sluice.ports.out.PayloadSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PayloadSchemas} with networknt's json-schema-validator (drafts 4, 6, 7, 2019-09 and 2020-12). A schema
 * is checked against its dialect's meta-schema when it is loaded, so a schema with a mistake
 * ({@code "type": "strin"}) stops start-up instead of letting everything, or nothing, through. {@code format}
 * is asserted ({@code "format": "date-time"} refuses {@code "yesterday"}), in every draft.
 *
 * <p>Payloads are read strictly, as the HTTP adapter reads request bodies: one JSON document, no repeated
 * key, decimals exact (so {@code multipleOf: 0.01} judges {@code 29.99} by its digits).
 */
public final class JsonSchemaPayloads implements PayloadSchemas {

    static final String CLASSPATH = "classpath:";

    /** The keywords whose errors name a member of the instance that is missing or not allowed. */
    private static final Set<String> MEMBER_KEYWORDS = Set.of("required", "dependentRequired", "dependencies",
            "additionalProperties", "unevaluatedProperties");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * Thread-safe once built; schemas it loads are cached by their location. A {@code $ref} is read from the
     * classpath (the library's default) or from a local file, never fetched over the network.
     */
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .formatAssertionsEnabled(true)
                    .locale(Locale.ENGLISH) // the API's language, whatever the machine's
                    .build())
                    .resourceLoaders(loaders -> loaders.add(JsonSchemaPayloads::localFile)));

    @Override
    public Schema load(String location) {
        Source source = source(location);
        JsonNode node;
        try {
            node = JSON.readTree(source.bytes());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        SpecificationVersion dialect = dialect(node);
        List<Error> invalid = registry.getSchema(SchemaLocation.of(dialect.getDialectId())).validate(node);
        if (!invalid.isEmpty()) {
            List<String> problems = new ArrayList<>();
            for (Error error : invalid) {
                Mismatch m = mismatch(error);
                problems.add((m.pointer().isEmpty() ? "/" : m.pointer()) + ": " + m.message());
            }
            throw new IllegalArgumentException("not a valid JSON Schema (" + dialect.getDialectId() + "): "
                    + String.join("; ", problems));
        }
        com.networknt.schema.Schema schema;
        try {
            schema = registry.getSchema(SchemaLocation.of(source.iri()), node);
            schema.initializeValidators(); // resolves every $ref now rather than on the first payload
        } catch (SchemaException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
        }
        return json -> check(schema, json);
    }

    private static List<Mismatch> check(com.networknt.schema.Schema schema, byte[] json) {
        JsonNode payload;
        try {
            payload = JSON.readTree(json);
        } catch (JacksonException e) {
            return List.of(new Mismatch("", "is not JSON: " + e.getOriginalMessage()));
        }
        if (payload.isMissingNode()) {
            return List.of(new Mismatch("", "is not JSON: there is no data"));
        }
        return schema.validate(payload).stream().map(JsonSchemaPayloads::mismatch).toList();
    }

    /**
     * The error's place in the instance, and its message. {@code required} and its kin report the object that
     * lacks (or has too much); the pointer then names the member itself, such as {@code /price}.
     */
    private static Mismatch mismatch(Error error) {
        String pointer = error.getInstanceLocation().toString();
        if (MEMBER_KEYWORDS.contains(error.getKeyword()) && error.getProperty() != null) {
            pointer = pointer + "/" + error.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return new Mismatch(pointer, error.getMessage());
    }

    /** A {@code file:} IRI as the file's contents; any other IRI is not this loader's (null). */
    private static InputStreamSource localFile(AbsoluteIri iri) {
        String text = iri.toString();
        if (!text.startsWith("file:")) {
            return null;
        }
        Path file = Path.of(URI.create(text));
        return () -> Files.newInputStream(file);
    }

    /** The dialect the schema's {@code $schema} names, draft 2020-12 when it names none. */
    private static SpecificationVersion dialect(JsonNode schema) {
        JsonNode named = schema.isObject() ? schema.get("$schema") : null;
        if (named == null) {
            return SpecificationVersion.DRAFT_2020_12;
        }
        Optional<SpecificationVersion> known = named.isString()
                ? SpecificationVersion.fromDialectId(named.stringValue()) : Optional.empty();
        return known.orElseThrow(() -> new IllegalArgumentException("$schema " + named
                + " is not a dialect this validator knows (drafts 4, 6, 7, 2019-09, 2020-12)"));
    }

    /** The schema's bytes, and the IRI its relative {@code $ref}s resolve against. */
    private record Source(String iri, byte[] bytes) {}

    private static Source source(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("no location given: classpath:<path> or a file path");
        }
        if (location.startsWith(CLASSPATH)) {
            String path = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                    .orElse(JsonSchemaPayloads.class.getClassLoader());
            URL resource = loader.getResource(path);
            if (resource == null) {
                throw new IllegalArgumentException("there is no " + path + " on the classpath");
            }
            try (InputStream in = resource.openStream()) {
                return new Source(CLASSPATH + path, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + path + " from the classpath: " + e.getMessage(), e);
            }
        }
        Path file = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("there is no file " + file);
        }
        try {
            return new Source(file.toUri().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
