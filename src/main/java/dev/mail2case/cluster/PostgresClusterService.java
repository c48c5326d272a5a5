package dev.mail2case.cluster;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelPreemptiveClusterService;
import org.apache.camel.cluster.CamelPreemptiveClusterView;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Camel's cluster service on PostgreSQL leases, for replicas outside Kubernetes. Each namespace (one per
 * account) is a row in {@code cluster_leases}: its owner renews it every {@code renew}; when the owner
 * stops renewing (crash, lost network) the row expires after {@code lease} and another replica takes it.
 * Expiry is judged by the database's clock. A leader that cannot reach the database steps down on its
 * own before its lease can have expired there, so two replicas never hold one account at once.
 */
public final class PostgresClusterService extends AbstractCamelClusterService<PostgresClusterService.View>
        implements CamelPreemptiveClusterService {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresClusterService.class);

    private final DataSource dataSource;
    private final Duration lease;
    private final Duration renew;
    private final Set<View> views = new CopyOnWriteArraySet<>();
    private volatile List<String> members = List.of();
    private ScheduledExecutorService executor;

    public PostgresClusterService(String memberId, DataSource dataSource, Duration lease, Duration renew) {
        super(memberId);
        if (renew.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("the renew interval must be shorter than the lease");
        }
        this.dataSource = dataSource;
        this.lease = lease;
        this.renew = renew;
    }

    @Override
    public CamelPreemptiveClusterView getView(String namespace) throws Exception {
        return (CamelPreemptiveClusterView) super.getView(namespace);
    }

    @Override
    protected View createView(String namespace) {
        return new View(namespace);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "mail2case-cluster-" + getId());
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::renewAll, 0, renew.toMillis(), TimeUnit.MILLISECONDS);
        // Apart from renewing, which can hang on a database that does not answer.
        executor.scheduleWithFixedDelay(this::stepDownWhenExpired, renew.toMillis() / 4, renew.toMillis() / 4,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(renew.toMillis() * 2, TimeUnit.MILLISECONDS);
            executor = null;
        }
        super.doStop();
        // A clean stop hands the accounts over at once instead of after the lease.
        try (Connection c = dataSource.getConnection();
             PreparedStatement leases = c.prepareStatement("DELETE FROM cluster_leases WHERE owner = ?");
             PreparedStatement member = c.prepareStatement("DELETE FROM cluster_members WHERE member_id = ?")) {
            leases.setString(1, getId());
            leases.executeUpdate();
            member.setString(1, getId());
            member.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not release the leases of {}; they expire after {}: {}", getId(), lease, e.getMessage());
        }
    }

    private void renewAll() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            heartbeat(c);
            for (View v : views) {
                v.renew(c);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cluster member {} could not renew its leases: {}", getId(), e.getMessage());
        }
    }

    private void heartbeat(Connection c) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("""
                INSERT INTO cluster_members (member_id, seen_at) VALUES (?, now())
                ON CONFLICT (member_id) DO UPDATE SET seen_at = now()""");
             PreparedStatement live = c.prepareStatement(
                     "SELECT member_id FROM cluster_members WHERE seen_at > now() - ? * interval '1 millisecond' "
                             + "ORDER BY member_id");
             PreparedStatement gone = c.prepareStatement(
                     "DELETE FROM cluster_members WHERE seen_at < now() - ? * interval '1 millisecond'")) {
            up.setString(1, getId());
            up.executeUpdate();
            live.setLong(1, lease.toMillis());
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = live.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            members = List.copyOf(ids);
            gone.setLong(1, lease.toMillis() * 10);
            gone.executeUpdate();
        }
    }

    private void stepDownWhenExpired() {
        for (View v : views) {
            v.stepDownWhenExpired();
        }
    }

    /** One namespace: the lease on one account's poller. */
    final class View extends AbstractCamelClusterView implements CamelPreemptiveClusterView {
        private final Member local = new Member(getId(), true);
        private volatile String leaderId;
        private volatile boolean disabled;
        private volatile long validUntilNanos;

        View(String namespace) {
            super(PostgresClusterService.this, namespace);
        }

        @Override
        protected void doStart() {
            views.add(this);
        }

        @Override
        protected void doStop() {
            views.remove(this);
            if (isLocalLeader()) {
                release();
            }
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            String id = leaderId;
            return id == null ? Optional.empty() : Optional.of(id.equals(getId()) ? local : new Member(id, false));
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            List<CamelClusterMember> out = new ArrayList<>();
            for (String id : members) {
                out.add(id.equals(getId()) ? local : new Member(id, false));
            }
            if (out.stream().noneMatch(CamelClusterMember::isLocal)) {
                out.add(local);
            }
            return out;
        }

        @Override
        public void setDisabled(boolean disabled) {
            this.disabled = disabled;
            if (disabled && isLocalLeader()) {
                release();
            }
        }

        @Override
        public boolean isDisabled() {
            return disabled;
        }

        boolean isLocalLeader() {
            return getId().equals(leaderId);
        }

        synchronized void renew(Connection c) throws SQLException {
            if (disabled) {
                if (isLocalLeader()) {
                    release();
                }
                return;
            }
            long started = System.nanoTime();
            String owner;
            try (PreparedStatement take = c.prepareStatement("""
                    INSERT INTO cluster_leases AS l (namespace, owner, acquired_at, expires_at)
                    VALUES (?, ?, now(), now() + ? * interval '1 millisecond')
                    ON CONFLICT (namespace) DO UPDATE
                       SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at,
                           acquired_at = CASE WHEN l.owner = EXCLUDED.owner THEN l.acquired_at ELSE now() END
                     WHERE l.owner = EXCLUDED.owner OR l.expires_at < now()
                    RETURNING owner""")) {
                take.setString(1, getNamespace());
                take.setString(2, getId());
                take.setLong(3, lease.toMillis());
                try (ResultSet rs = take.executeQuery()) {
                    owner = rs.next() ? rs.getString(1) : null;
                }
            }
            if (owner != null) {
                // Counted from before the renewal was sent, so it ends before the database's does.
                validUntilNanos = started + lease.minus(renew).toNanos();
            } else {
                try (PreparedStatement who = c.prepareStatement(
                        "SELECT owner FROM cluster_leases WHERE namespace = ? AND expires_at >= now()")) {
                    who.setString(1, getNamespace());
                    try (ResultSet rs = who.executeQuery()) {
                        owner = rs.next() ? rs.getString(1) : null;
                    }
                }
            }
            changeLeader(owner);
        }

        synchronized void stepDownWhenExpired() {
            if (isLocalLeader() && System.nanoTime() - validUntilNanos > 0) {
                LOG.warn("{} could not renew its lease on {} in time and stops polling it", getId(), getNamespace());
                changeLeader(null);
            }
        }

        private synchronized void release() {
            changeLeader(null);
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_leases WHERE namespace = ? AND owner = ?")) {
                ps.setString(1, getNamespace());
                ps.setString(2, getId());
                ps.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("Could not release the lease on {}; it expires after {}: {}", getNamespace(), lease,
                        e.getMessage());
            }
        }

        private void changeLeader(String owner) {
            String before = leaderId;
            leaderId = owner;
            if (!java.util.Objects.equals(before, owner)) {
                if (getId().equals(owner)) {
                    LOG.info("{} now polls {}", getId(), getNamespace());
                } else if (getId().equals(before)) {
                    LOG.info("{} no longer polls {}", getId(), getNamespace());
                }
                fireLeadershipChangedEvent(getLeader());
            }
        }

        /** A replica as the cluster sees it. */
        private final class Member implements CamelClusterMember {
            private final String id;
            private final boolean localMember;

            Member(String id, boolean localMember) {
                this.id = id;
                this.localMember = localMember;
            }

            @Override
            public boolean isLeader() {
                return id.equals(leaderId);
            }

            @Override
            public boolean isLocal() {
                return localMember;
            }

            @Override
            public String getId() {
                return id;
            }
        }
    }
}
