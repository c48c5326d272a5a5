package dev.mail2case.cases;

import dev.mail2case.config.Database;
import jakarta.persistence.EntityManager;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads organisation data (agency settings, offices, jobs, clients, client contacts, employees,
 * tenants) from YAML or a contacts CSV, in one transaction. Every record is keyed by its natural key
 * (office and client name, job number, mail address), so importing again updates and never duplicates.
 * A reference to something that does not exist stops the import with a message naming both.
 */
public class OrganisationImport {

    /** How many records of each kind were written. */
    public record Result(Map<String, Integer> counts) {
        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            counts.forEach((k, v) -> parts.add(v + " " + k));
            return String.join(", ", parts);
        }
    }

    private final Database database;

    public OrganisationImport(Database database) {
        this.database = database;
    }

    @SuppressWarnings("unchecked")
    public Result importYaml(String yaml) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        if (!(doc instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("the file must be a mapping with clients, offices, jobs, "
                    + "client_contacts, employees, tenants, resources, regions and agency");
        }
        Map<String, Object> data = (Map<String, Object>) root;
        for (String k : data.keySet()) {
            if (!List.of("agency", "offices", "jobs", "clients", "client_contacts", "employees", "tenants", "resources",
                    "regions")
                    .contains(k)) {
                throw new IllegalArgumentException("unknown section '" + k + "'");
            }
        }
        return database.inTransaction(em -> {
            List<Map<String, Object>> offices = list(data, "offices");
            List<Map<String, Object>> jobs = list(data, "jobs");
            List<Map<String, Object>> clients = list(data, "clients");
            List<Map<String, Object>> regions = list(data, "regions");
            List<Map<String, Object>> resources = list(data, "resources");
            offices(em, offices);
            regions(em, regions);
            clients(em, clients);
            jobs(em, jobs);
            int contacts = contacts(em, data);
            clientLanguages(em, clients);
            dispatchers(em, list(data, "employees"));
            resources(em, resources);
            // once employees and jobs exist, what offices, jobs and clients name by default can be linked
            defaultAssignees(em, offices, "offices", "name", "office");
            defaultAssignees(em, jobs, "jobs", "number", "job");
            clientDefaultJobs(em, clients);
            agency(em, data.get("agency") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("offices", offices.size());
            counts.put("jobs", jobs.size());
            counts.put("clients", clients.size());
            counts.put("contacts", contacts);
            counts.put("resources", resources.size());
            counts.put("regions", regions.size());
            return new Result(counts);
        });
    }

    private static void offices(EntityManager em, List<Map<String, Object>> offices) {
        for (Map<String, Object> o : offices) {
            em.createNativeQuery("INSERT INTO offices (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")
                    .setParameter(1, req(o, "name", "office")).executeUpdate();
        }
    }

    private static void regions(EntityManager em, List<Map<String, Object>> regions) {
        for (Map<String, Object> r : regions) {
            Object days = r.get("follow_up_days");
            if (days != null && !(days instanceof Number n && n.doubleValue() > 0)) {
                throw new IllegalArgumentException("region " + r.get("name") + " has follow_up_days '" + days
                        + "' but it must be a positive number of days");
            }
            em.createNativeQuery("""
                    INSERT INTO regions (name, notifications_active, events, reply_to, portal_url, follow_up_days,
                                         notify_statuses)
                    VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS NUMERIC), ?7)
                    ON CONFLICT (name) DO UPDATE SET notifications_active = EXCLUDED.notifications_active,
                        events = EXCLUDED.events, reply_to = EXCLUDED.reply_to, portal_url = EXCLUDED.portal_url,
                        follow_up_days = EXCLUDED.follow_up_days, notify_statuses = EXCLUDED.notify_statuses""")
                    .setParameter(1, req(r, "name", "region"))
                    .setParameter(2, Boolean.TRUE.equals(r.get("notifications_active")))
                    .setParameter(3, joined(r.get("events"))).setParameter(4, lower(r.get("reply_to")))
                    .setParameter(5, str(r.get("portal_url"))).setParameter(6, days == null ? null : days.toString())
                    .setParameter(7, joined(r.get("notify_statuses"))).executeUpdate();
        }
    }

    private static void clients(EntityManager em, List<Map<String, Object>> clients) {
        for (Map<String, Object> c : clients) {
            String domains = c.get("email_domains") instanceof List<?> l
                    ? String.join(",", l.stream().map(d -> String.valueOf(d).toLowerCase(Locale.ROOT)).toList())
                    : lower(c.get("email_domains"));
            em.createNativeQuery("""
                    INSERT INTO clients (name, region, default_component, email_domains, email, notify)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    ON CONFLICT (name) DO UPDATE SET region = EXCLUDED.region,
                        default_component = EXCLUDED.default_component, email_domains = EXCLUDED.email_domains,
                        email = EXCLUDED.email, notify = EXCLUDED.notify""")
                    .setParameter(1, req(c, "name", "client")).setParameter(2, str(c.get("region")))
                    .setParameter(3, str(c.get("default_component"))).setParameter(4, domains)
                    .setParameter(5, lower(c.get("email"))).setParameter(6, Boolean.TRUE.equals(c.get("notify")))
                    .executeUpdate();
        }
    }

    private static void jobs(EntityManager em, List<Map<String, Object>> jobs) {
        for (Map<String, Object> j : jobs) {
            em.createNativeQuery("""
                    INSERT INTO jobs (number, component, name, client_id) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (number) DO UPDATE SET component = EXCLUDED.component, name = EXCLUDED.name,
                        client_id = EXCLUDED.client_id""")
                    .setParameter(1, req(j, "number", "job")).setParameter(2, str(j.get("component")))
                    .setParameter(3, str(j.get("name")))
                    .setParameter(4, ref(em, "clients", "name", str(j.get("client")), "job " + j.get("number")))
                    .executeUpdate();
        }
    }

    /** Client contacts, employees and tenants, then their languages; returns how many were written. */
    private static int contacts(EntityManager em, Map<String, Object> data) {
        int contacts = 0;
        for (String[] section : new String[][]{{"client_contacts", "CLIENT_CONTACT"}, {"employees", "EMPLOYEE"},
                {"tenants", "TENANT"}}) {
            for (Map<String, Object> p : list(data, section[0])) {
                String email = lower(req(p, "email", section[0]));
                String who = section[0] + " " + email;
                contact(em, section[1], email, str(p.get("name")),
                        ref(em, "clients", "name", str(p.get("client")), who),
                        ref(em, "offices", "name", str(p.get("office")), who),
                        ref(em, "jobs", "number", str(p.get("default_job")), who));
                contacts++;
            }
        }
        for (String section : List.of("client_contacts", "employees", "tenants")) {
            for (Map<String, Object> p : list(data, section)) {
                em.createNativeQuery("UPDATE contacts SET language = ?2 WHERE lower(email) = ?1")
                        .setParameter(1, lower(p.get("email")))
                        .setParameter(2, language(p.get("language"), section + " " + p.get("email")))
                        .executeUpdate();
            }
        }
        return contacts;
    }

    private static void clientLanguages(EntityManager em, List<Map<String, Object>> clients) {
        for (Map<String, Object> c : clients) {
            em.createNativeQuery("UPDATE clients SET language = ?2 WHERE name = ?1")
                    .setParameter(1, c.get("name")).setParameter(2, language(c.get("language"), "client " + c.get("name")))
                    .executeUpdate();
        }
    }

    private static void dispatchers(EntityManager em, List<Map<String, Object>> employees) {
        for (Map<String, Object> p : employees) {
            em.createNativeQuery("UPDATE contacts SET dispatcher = ?2 WHERE lower(email) = ?1")
                    .setParameter(1, lower(p.get("email"))).setParameter(2, Boolean.TRUE.equals(p.get("dispatcher")))
                    .executeUpdate();
        }
    }

    /** Resources, then a check that each one escalated to exists (it may come later in the file). */
    private static void resources(EntityManager em, List<Map<String, Object>> resources) {
        for (Map<String, Object> r : resources) {
            em.createNativeQuery("""
                    INSERT INTO resources (name, email, display_name, escalation_resource) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (name) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
                        escalation_resource = EXCLUDED.escalation_resource""")
                    .setParameter(1, req(r, "name", "resource")).setParameter(2, lower(r.get("email")))
                    .setParameter(3, str(r.get("display_name"))).setParameter(4, str(r.get("escalation_resource")))
                    .executeUpdate();
        }
        for (Map<String, Object> r : resources) {
            String next = str(r.get("escalation_resource"));
            if (next != null && em.createNativeQuery("SELECT 1 FROM resources WHERE name = ?1").setParameter(1, next)
                    .getResultList().isEmpty()) {
                throw new IllegalArgumentException("resource " + r.get("name") + " refers to escalation_resource '"
                        + next + "', which does not exist");
            }
        }
    }

    /** The default assignee of each office or job, keyed by {@code key} in {@code table}. */
    private static void defaultAssignees(EntityManager em, List<Map<String, Object>> records, String table, String key,
                                         String what) {
        for (Map<String, Object> r : records) {
            em.createNativeQuery("UPDATE " + table + " SET default_assignee_id = ?2 WHERE " + key + " = ?1")
                    .setParameter(1, str(r.get(key)))
                    .setParameter(2, employee(em, lower(r.get("default_assignee")), what + " " + r.get(key)))
                    .executeUpdate();
        }
    }

    private static void clientDefaultJobs(EntityManager em, List<Map<String, Object>> clients) {
        for (Map<String, Object> c : clients) {
            em.createNativeQuery("UPDATE clients SET default_job_id = ?2 WHERE name = ?1")
                    .setParameter(1, c.get("name"))
                    .setParameter(2, ref(em, "jobs", "number", str(c.get("default_job")), "client " + c.get("name")))
                    .executeUpdate();
        }
    }

    private static void agency(EntityManager em, Map<String, Object> agency) {
        for (Map.Entry<String, Object> e : agency.entrySet()) {
            if (!e.getKey().equals("default_job")) {
                throw new IllegalArgumentException("unknown agency setting '" + e.getKey() + "' (default_job)");
            }
            String job = str(e.getValue());
            ref(em, "jobs", "number", job, "agency default_job");
            em.createNativeQuery("INSERT INTO agency_settings (key, value) VALUES ('default_job', ?1) "
                    + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value").setParameter(1, job).executeUpdate();
        }
    }

    /** Contacts from CSV with the header {@code kind,email,name,client,office,default_job}. */
    public Result importContactsCsv(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return new Result(Map.of("contacts", 0));
        }
        List<String> header = List.of(lines.get(0).trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        if (!header.containsAll(List.of("kind", "email"))) {
            throw new IllegalArgumentException("the CSV header needs at least kind and email "
                    + "(kind,email,name,client,office,default_job)");
        }
        return database.inTransaction(em -> {
            int n = 0;
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size() && c < cells.length; c++) {
                    row.put(header.get(c), cells[c].trim().isEmpty() ? null : cells[c].trim());
                }
                String kind = switch (String.valueOf(row.get("kind")).toLowerCase(Locale.ROOT)) {
                    case "client", "client_contact", "client-contact" -> "CLIENT_CONTACT";
                    case "employee" -> "EMPLOYEE";
                    case "tenant" -> "TENANT";
                    default -> throw new IllegalArgumentException("line " + (i + 1) + ": kind '" + row.get("kind")
                            + "' is not client, employee or tenant");
                };
                String email = lower(row.get("email"));
                if (email == null || !email.contains("@")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": '" + row.get("email")
                            + "' is not a mail address");
                }
                String who = "line " + (i + 1);
                contact(em, kind, email, row.get("name"), ref(em, "clients", "name", row.get("client"), who),
                        ref(em, "offices", "name", row.get("office"), who),
                        ref(em, "jobs", "number", row.get("default_job"), who));
                n++;
            }
            return new Result(Map.of("contacts", n));
        });
    }

    private static void contact(EntityManager em, String kind, String email, String name, Long client, Long office,
                                Long job) {
        em.createNativeQuery("""
                INSERT INTO contacts (email, name, kind, client_id, office_id, default_job_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (lower(email)) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
                    client_id = EXCLUDED.client_id, office_id = EXCLUDED.office_id,
                    default_job_id = EXCLUDED.default_job_id""")
                .setParameter(1, email).setParameter(2, name).setParameter(3, kind).setParameter(4, client)
                .setParameter(5, office).setParameter(6, job).executeUpdate();
    }

    private static Long employee(EntityManager em, String email, String who) {
        if (email == null) {
            return null;
        }
        List<?> ids = em.createNativeQuery("SELECT id FROM contacts WHERE lower(email) = ?1 AND kind = 'EMPLOYEE'")
                .setParameter(1, email).getResultList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(who + " names default_assignee " + email + ", who is no employee");
        }
        return ((Number) ids.get(0)).longValue();
    }

    private static Long ref(EntityManager em, String table, String column, String value, String who) {
        if (value == null) {
            return null;
        }
        List<?> ids = em.createNativeQuery("SELECT id FROM " + table + " WHERE " + column + " = ?1")
                .setParameter(1, value).getResultList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(who + " refers to " + table.replaceAll("s$", "") + " '" + value
                    + "', which does not exist");
        }
        return ((Number) ids.get(0)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> data, String key) {
        Object o = data.get(key);
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l) || l.stream().anyMatch(i -> !(i instanceof Map))) {
            throw new IllegalArgumentException("'" + key + "' must be a list of records");
        }
        return (List<Map<String, Object>>) o;
    }

    private static String req(Map<String, Object> m, String key, String what) {
        String v = str(m.get(key));
        if (v == null) {
            throw new IllegalArgumentException("a record in " + what + " has no " + key + ": " + m);
        }
        return v;
    }

    /** A language tag (pl, fr-CA), lower-cased; anything else is refused with who gave it. */
    private static String language(Object o, String who) {
        String tag = lower(o);
        if (tag != null && !tag.matches("[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
            throw new IllegalArgumentException(who + " has language '" + o + "', which is no language tag such as pl or fr-ca");
        }
        return tag;
    }

    /** A YAML list or a comma-separated string, stored comma-separated. */
    private static String joined(Object o) {
        if (o instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        return str(o);
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o).trim();
    }

    private static String lower(Object o) {
        return o == null ? null : String.valueOf(o).trim().toLowerCase(Locale.ROOT);
    }
}
