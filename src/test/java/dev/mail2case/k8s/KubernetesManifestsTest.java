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
        assertEquals(3, documents(HOME.resolve("k8s/configmap.yaml")).size());
        JsonNode secret = documents(HOME.resolve("k8s/secret-shape.yaml")).get(0);
        assertEquals("Secret", secret.path("kind").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = secret.path("stringData").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(e.getValue().asText().startsWith("<fill-in"), e.getKey() + " must not carry a value");
        }
    }

    private static JsonNode kind(String file, String kind) throws IOException {
        for (JsonNode d : documents(HOME.resolve(file))) {
            if (d.path("kind").asText().equals(kind)) {
                return d;
            }
        }
        throw new AssertionError(file + " has no " + kind);
    }

    private static JsonNode configMap(String name) throws IOException {
        for (JsonNode d : documents(HOME.resolve("k8s/configmap.yaml"))) {
            if (d.path("metadata").path("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no ConfigMap " + name);
    }

    /** The environment a pod gets from the ConfigMap and the Secret (each secret filled with a stand-in). */
    private static Map<String, String> podEnvironment() throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        configMap("mail2case-config").path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        kind("k8s/secret-shape.yaml", "Secret").path("stringData").fieldNames()
                .forEachRemaining(k -> env.put(k, "stand-in-secret-0123456789"));
        return env;
    }

    @Test
    void theConfigMapReachesTheApplicationAsTheEnvironmentItReads() throws IOException {
        dev.mail2case.config.Settings settings = new dev.mail2case.config.Settings(k -> java.util.Optional.empty(),
                podEnvironment());
        List<dev.mail2case.config.AccountSettings> accounts = dev.mail2case.config.AccountSettings.all(settings);
        assertEquals(List.of("support", "requests"), accounts.stream().map(dev.mail2case.config.AccountSettings::id).toList());
        assertTrue(settings.require("mail2case.db.url").startsWith("jdbc:postgresql:"));
        settings.require("mail2case.smtp.host");
        dev.mail2case.ops.OperatorAuth.from(settings);
        assertEquals("kubernetes", settings.oneOf("mail2case.cluster", "postgresql", "postgresql", "kubernetes", "none"));
        assertEquals("0.0.0.0", settings.require("mail2case.http.host"), "the API listens beyond the pod");
        assertEquals("0.0.0.0", settings.require("mail2case.management.host"), "probes reach the management port");
        assertEquals("/etc/mail2case/routes", settings.require("mail2case.routes.dir"));

        JsonNode container = kind("k8s/deployment.yaml", "Deployment").path("spec").path("template").path("spec")
                .path("containers").get(0);
        List<String> sources = new ArrayList<>();
        container.path("envFrom").forEach(e -> sources.add(e.findValue("name").asText()));
        assertEquals(List.of("mail2case-config", "mail2case-secrets"), sources, "settings come in as environment");
    }

    @Test
    void replicasMayHoldLeasesAndNeverAllLeaveAtOnce() throws IOException {
        JsonNode role = kind("k8s/rbac.yaml", "Role");
        boolean leases = false;
        for (JsonNode rule : role.path("rules")) {
            if (rule.path("apiGroups").toString().contains("coordination.k8s.io")
                    && rule.path("resources").toString().contains("leases")) {
                leases = rule.path("verbs").toString().contains("create") && rule.path("verbs").toString().contains("update");
            }
        }
        assertTrue(leases, "the Role may create and update Leases");
        JsonNode binding = kind("k8s/rbac.yaml", "RoleBinding");
        assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
        String account = kind("k8s/rbac.yaml", "ServiceAccount").path("metadata").path("name").asText();
        assertEquals(account, binding.path("subjects").get(0).path("name").asText());
        JsonNode deployment = kind("k8s/deployment.yaml", "Deployment");
        assertEquals(account, deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText());
        assertEquals(account, kind("k8s/integration.yaml", "Integration").path("spec").path("serviceAccountName").asText());

        JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
        JsonNode pdb = kind("k8s/service.yaml", "PodDisruptionBudget");
        assertEquals(1, pdb.path("spec").path("minAvailable").asInt());
        pdb.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(), "the budget covers the pods"));
        JsonNode service = kind("k8s/service.yaml", "Service");
        service.path("spec").path("selector").fields().forEachRemaining(e ->
                assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(), "the Service reaches the pods"));
        assertEquals("api", service.path("spec").path("ports").get(0).path("targetPort").asText());
        // The cluster service finds its peers by this label (mail2case.cluster.kubernetes.labels).
        assertEquals("mail2case", labels.path("camel.apache.org/integration").asText());
    }

    @Test
    void theIntegrationRunsLikeTheDeployment() throws IOException {
        JsonNode deployment = kind("k8s/deployment.yaml", "Deployment");
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode c = pod.path("containers").get(0);
        JsonNode integration = kind("k8s/integration.yaml", "Integration");
        JsonNode traits = integration.path("spec").path("traits");
        JsonNode ic = integration.path("spec").path("template").path("spec").path("containers").get(0);

        assertEquals(deployment.path("spec").path("replicas").asInt(), integration.path("spec").path("replicas").asInt());
        assertEquals(c.path("image").asText(), traits.path("container").path("image").asText());
        assertEquals(c.path("args"), ic.path("args"));
        assertEquals(c.path("envFrom"), ic.path("envFrom"));

        Map<String, Integer> ports = new java.util.HashMap<>();
        c.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertEquals(ports.get("api"), traits.path("container").path("port").asInt());
        assertEquals("api", traits.path("container").path("portName").asText());
        assertEquals(List.of("management;" + ports.get("management")),
                List.of(traits.path("container").path("ports").get(0).asText()));

        JsonNode health = traits.path("health");
        for (String probe : List.of("liveness", "readiness", "startup")) {
            JsonNode p = c.path(probe + "Probe").path("httpGet");
            assertEquals(p.path("path").asText(), health.path(probe + "Probe").asText(), probe + " path");
            assertEquals((int) ports.get(p.path("port").asText()), health.path(probe + "Port").asInt(), probe + " port");
        }
        assertEquals(c.path("startupProbe").path("failureThreshold").asInt(), health.path("startupFailureThreshold").asInt());
        assertTrue(c.path("livenessProbe").path("httpGet").path("path").asText().endsWith("/live"));
        assertTrue(c.path("readinessProbe").path("httpGet").path("path").asText().endsWith("/ready"));

        JsonNode resources = c.path("resources");
        assertEquals(resources.path("requests").path("memory").asText(), traits.path("container").path("requestMemory").asText());
        assertEquals(resources.path("requests").path("cpu").asText(), traits.path("container").path("requestCPU").asText());
        assertEquals(resources.path("limits").path("memory").asText(), traits.path("container").path("limitMemory").asText());
        assertEquals(resources.path("limits").path("cpu").asText(), traits.path("container").path("limitCPU").asText());

        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertEquals(pod.path("securityContext").path("runAsUser").asInt(), traits.path("container").path("runAsUser").asInt());
        assertTrue(traits.path("container").path("runAsNonRoot").asBoolean());
        assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertTrue(ic.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertFalse(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertFalse(traits.path("container").path("allowPrivilegeEscalation").asBoolean(true));

        // The same folders: a writable /tmp, the routing rules and the route overrides from their ConfigMaps.
        Map<String, String> volumes = new java.util.HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v.has("emptyDir") ? "emptyDir"
                : "configmap:" + v.path("configMap").path("name").asText()));
        List<String> deploymentMounts = new ArrayList<>();
        c.path("volumeMounts").forEach(m -> deploymentMounts.add(volumes.get(m.path("name").asText()) + "@"
                + m.path("mountPath").asText()));
        List<String> integrationMounts = new ArrayList<>();
        traits.path("mount").path("emptyDirs").forEach(e -> integrationMounts.add("emptyDir@" + e.asText().split(":")[1]));
        traits.path("mount").path("resources").forEach(r -> integrationMounts.add(r.asText()));
        assertEquals(new java.util.TreeSet<>(deploymentMounts), new java.util.TreeSet<>(integrationMounts));
        assertTrue(deploymentMounts.contains("emptyDir@/tmp"));
        Map<String, String> env = podEnvironment();
        assertTrue(deploymentMounts.contains("configmap:mail2case-routes@" + env.get("MAIL2CASE_ROUTES_DIR")),
                "route overrides are mounted where mail2case.routes.dir points");
        assertTrue(env.get("MAIL2CASE_ROUTING_RULES").startsWith("/etc/mail2case/rules/"));

        assertEquals(1, traits.path("pdb").path("minAvailable").asInt());
        assertTrue(traits.path("pdb").path("enabled").asBoolean());
        assertTrue(traits.path("service").path("enabled").asBoolean());
    }
}
