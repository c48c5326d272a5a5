package dev.mail2case.k8s;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Kubernetes engine: two replicas elect the account pollers through Lease objects on an API server
 * (fabric8's in-JVM API server, storing what it is sent), spread the two accounts, and one takes both
 * when the other stops.
 */
class KubernetesLeasesTest {
    private static final String NAMESPACE = "mail2case-test";
    private static final List<String> ROUTES = List.of("account-support", "account-requests");

    private final TestMailServer mail = new TestMailServer();
    private final KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    private final List<Mail2CaseApp> apps = new ArrayList<>();

    @AfterEach
    void stop() {
        apps.forEach(Mail2CaseApp::close);
        for (String p : List.of("kubernetes.master", "kubernetes.namespace", "kubernetes.auth.tryKubeConfig",
                "kubernetes.auth.tryServiceAccount")) {
            System.clearProperty(p);
        }
        api.destroy();
        mail.close();
    }

    private static Pod readyPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels("camel.apache.org/integration", "mail2case").endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build();
    }

    private static long polling(Mail2CaseApp app) {
        return ROUTES.stream().filter(r -> app.context().getRouteController().getRouteStatus(r) == ServiceStatus.Started)
                .count();
    }

    @Test
    void eachAccountIsPolledByTheReplicaHoldingItsLease() throws Exception {
        api.init();
        KubernetesClient client = api.createClient();
        String database = TestPostgres.newDatabase();
        Properties base = TestApp.settings(database, mail);
        base.setProperty("mail2case.cluster", "kubernetes");
        // As inside a pod, the client configures itself; here from these instead of the service account.
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.namespace", NAMESPACE);
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        base.setProperty("mail2case.cluster.lease-seconds", "2");
        base.setProperty("mail2case.cluster.renew-ms", "300");
        for (String pod : List.of("pod-a", "pod-b")) {
            client.pods().inNamespace(NAMESPACE).resource(readyPod(pod)).create();
            Properties p = new Properties();
            p.putAll(base);
            p.setProperty("mail2case.cluster.member", pod);
            p.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
            p.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
            apps.add(Mail2CaseApp.start(p));
        }

        // Spread: one account each, never both replicas on one account.
        await().atMost(Duration.ofSeconds(60)).until(() -> polling(apps.get(0)) == 1 && polling(apps.get(1)) == 1);
        for (String route : ROUTES) {
            assertEquals(1, apps.stream().filter(a -> a.context().getRouteController().getRouteStatus(route)
                    == ServiceStatus.Started).count(), route + " runs on one replica");
        }
        List<Lease> leases = client.leases().inNamespace(NAMESPACE).list().getItems();
        assertEquals(2, leases.size(), "a Lease per account");
        assertEquals(2, leases.stream().map(l -> l.getSpec().getHolderIdentity()).distinct().count());

        mail.send("someone@example.org", TestApp.SUPPORT, "over IMAP", "hello");
        mail.send("someone@example.org", TestApp.REQUESTS, "over POP3", "hello");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(apps.get(1)) == 2);

        // One replica goes (its pod no longer ready); the other takes its account.
        apps.remove(0).close();
        client.pods().inNamespace(NAMESPACE).withName("pod-a").delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> polling(apps.get(0)) == 2);
        mail.send("someone@example.org", TestApp.SUPPORT, "after the hand-over", "hello");
        mail.send("someone@example.org", TestApp.REQUESTS, "after the hand-over too", "hello");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(apps.get(0)) == 4);
    }
}
