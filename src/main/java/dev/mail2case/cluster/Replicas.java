package dev.mail2case.cluster;

import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelPreemptiveClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.cluster.RebalancingCamelClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Several replicas, one poller per account: each account's route ({@code account-ID}) runs under Camel's
 * clustered route policy, so only the replica that leads the namespace {@code mail2case-account-ID}
 * polls that mailbox; the others keep the route stopped and take over when the leader goes away.
 * {@code mail2case.cluster} picks the engine: {@code kubernetes} (Lease objects through the API server),
 * {@code postgresql} (leases in the mail2case database) or {@code none} (every replica polls every
 * account; for a single replica only). Leadership is rebalanced so the accounts spread over the replicas.
 */
public final class Replicas {
    private static final Logger LOG = LoggerFactory.getLogger(Replicas.class);
    /** Routes made from the {@code mail-account} template carry this id prefix. */
    public static final String ACCOUNT_ROUTE_PREFIX = "account-";
    public static final String NAMESPACE_PREFIX = "mail2case-account-";

    private Replicas() {
    }

    /** Reads the cluster settings and, unless {@code none}, puts every account route under leader election. */
    public static void install(CamelContext context, Settings settings, DataSource dataSource) {
        String engine = settings.oneOf("mail2case.cluster", "postgresql", "postgresql", "kubernetes", "none");
        if (engine.equals("none")) {
            LOG.info("mail2case.cluster is none: this replica polls every account; run only one");
            return;
        }
        int leaseSeconds = settings.integer("mail2case.cluster.lease-seconds", 15, 2, 600);
        int renewMs = settings.integer("mail2case.cluster.renew-ms", leaseSeconds * 1000 / 3, 100, 300_000);
        if (renewMs >= leaseSeconds * 1000) {
            throw new SettingException("mail2case.cluster.renew-ms", "is " + renewMs
                    + " but must be shorter than mail2case.cluster.lease-seconds (" + leaseSeconds + " s)");
        }
        String member = settings.get("mail2case.cluster.member", defaultMember());
        CamelPreemptiveClusterService engineService;
        if (engine.equals("kubernetes")) {
            KubernetesClusterService k8s = new KubernetesClusterService();
            k8s.setId(member);
            k8s.setPodName(member);
            k8s.setLeaseResourceType(LeaseResourceType.Lease);
            k8s.setKubernetesResourceName(settings.get("mail2case.cluster.kubernetes.lease-prefix", "mail2case"));
            k8s.setClusterLabels(labels(settings.get("mail2case.cluster.kubernetes.labels", "camel.apache.org/integration=mail2case")));
            k8s.setLeaseDurationMillis(leaseSeconds * 1000L);
            k8s.setRenewDeadlineMillis(leaseSeconds * 1000L * 2 / 3);
            k8s.setRetryPeriodMillis(renewMs);
            settings.get("mail2case.cluster.kubernetes.namespace").ifPresent(ns -> {
                k8s.setKubernetesNamespace(ns);
                k8s.setKubernetesResourcesNamespace(ns);
            });
            engineService = k8s;
        } else {
            engineService = new PostgresClusterService(member, dataSource, Duration.ofSeconds(leaseSeconds),
                    Duration.ofMillis(renewMs));
        }
        CamelClusterService service = settings.bool("mail2case.cluster.spread", true)
                ? new RebalancingCamelClusterService(engineService, renewMs) : engineService;
        try {
            context.addService(service, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the " + engine + " cluster service", e);
        }
        context.addRoutePolicyFactory(new AccountPolicies(service));
        LOG.info("Replica {} elects account pollers through {} (lease {} s)", member, engine, leaseSeconds);
    }

    static Map<String, String> labels(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new SettingException("mail2case.cluster.kubernetes.labels", "has '" + pair.trim()
                        + "' but must be key=value pairs, comma-separated");
            }
            out.put(kv[0].trim(), kv[1].trim());
        }
        return out;
    }

    /** The pod's name on Kubernetes (HOSTNAME), else host, process and a random part. */
    private static String defaultMember() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank() && System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            return host;
        }
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "host";
            }
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The clustered route policy on account routes only; the other routes run on every replica. */
    private record AccountPolicies(CamelClusterService service) implements RoutePolicyFactory {
        @Override
        public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
            if (routeId == null || !routeId.startsWith(ACCOUNT_ROUTE_PREFIX)) {
                return null;
            }
            try {
                return ClusteredRoutePolicy.forNamespace(service,
                        NAMESPACE_PREFIX + routeId.substring(ACCOUNT_ROUTE_PREFIX.length()));
            } catch (Exception e) {
                throw new IllegalStateException("No cluster view for route " + routeId, e);
            }
        }
    }
}
