package dev.mail2case.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubernetesManifestsTest {
    private static final Path HOME = Path.of(System.getProperty("mail2case.home", "."));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    @Test
    void integrationValidatesAgainstTheCamelKCrdSchema() throws IOException {
        Path crd = HOME.resolve("../shared/schemas/camel-k-integrations-crd.yaml");
        assertTrue(Files.exists(crd), "the Camel K CRD is in ../shared/schemas");
        JsonNode definition = documents(crd).get(0);
        JsonNode v1 = null;
        for (JsonNode version : definition.path("spec").path("versions")) {
            if (version.path("name").asText().equals("v1")) {
                v1 = version;
            }
        }
        ObjectNode openApi = (ObjectNode) v1.path("schema").path("openAPIV3Schema").deepCopy();
        openApi.put("$schema", "http://json-schema.org/draft-04/schema#");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);

        List<JsonNode> docs = documents(HOME.resolve("k8s/integration.yaml"));
        assertEquals(1, docs.size());
        JsonNode integration = docs.get(0);
        assertEquals("Integration", integration.path("kind").asText());
        Set<ValidationMessage> errors = schema.validate(integration);
        assertEquals(Set.of(), errors);
        assertFalse(integration.path("spec").path("traits").path("container").path("image").asText().isEmpty(),
                "runs the prebuilt image");
    }

    @Test
    void manifestsHaveTheKindsOpsExpectAndTheSecretCarriesNoValue() throws IOException {
        assertEquals("Deployment", documents(HOME.resolve("k8s/deployment.yaml")).get(0).path("kind").asText());
        assertEquals(2, documents(HOME.resolve("k8s/configmap.yaml")).size());
        JsonNode secret = documents(HOME.resolve("k8s/secret-shape.yaml")).get(0);
        assertEquals("Secret", secret.path("kind").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = secret.path("stringData").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(e.getValue().asText().startsWith("<fill-in"), e.getKey() + " must not carry a value");
        }
    }
}
