package dev.mail2case.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteFilesTest {
    private static final Path ROUTES = Path.of(System.getProperty("mail2case.home", "."), "routes");

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyRouteFileValidatesAgainstTheCamelYamlDslSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<String> problems = new ArrayList<>();
        List<Path> files = routeFiles();
        assertFalse(files.isEmpty(), "no route files in " + ROUTES);
        for (Path file : files) {
            JsonNode node = yaml.readTree(file.toFile());
            Set<ValidationMessage> errors = schema.validate(node);
            errors.forEach(e -> problems.add(file.getFileName() + ": " + e.getMessage()));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void routeFilesAreNumberedStagesAndEveryRouteHasAnId() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (Path file : routeFiles()) {
            assertTrue(file.getFileName().toString().matches("\\d\\d-[a-z-]+\\.camel\\.yaml"), file.toString());
            for (JsonNode item : yaml.readTree(file.toFile())) {
                if (item.has("restConfiguration")) {
                    continue; // one per application, and the DSL gives it no id
                }
                JsonNode body = item.elements().next();
                assertTrue(body.hasNonNull("id"), file.getFileName() + ": every route needs an id: " + item);
            }
        }
    }
}
