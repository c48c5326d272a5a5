package dev.mail2case.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mail2case.auth.AccountStatus;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import org.apache.camel.Exchange;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-side calls of the operators' API: cases, downloads, contacts, clients, deliveries, accounts. */
public class CaseApi {
    /** Mail content opened on its own can show itself but never run anything or load anything. */
    static final String MAIL_CONTENT_POLICY =
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

    private final CaseQueries queries;
    private final CaseFileQueries caseFiles;
    private final DeliveryQueries deliveries;
    private final ContactQueries contacts;
    private final ClientQueries clients;
    private final AccountQueries accountQueries;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public CaseApi(CaseQueries queries, Database database, List<AccountSettings> accounts, AccountStatus accountStatus) {
        this.queries = queries;
        this.deliveries = new DeliveryQueries(database);
        this.caseFiles = new CaseFileQueries(database, deliveries);
        this.contacts = new ContactQueries(database);
        this.clients = new ClientQueries(database);
        this.accountQueries = new AccountQueries(database, accounts, accountStatus);
    }

    public String cases(Exchange exchange) {
        return write(queries.cases(exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class)));
    }

    public String caseFile(Exchange exchange) {
        return write(caseFiles.caseFile(id(exchange, "id")));
    }

    public String deliveries(Exchange exchange) {
        long number = id(exchange, "id");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", number);
        out.put("deliveries", deliveries.ofCase(number));
        return write(out);
    }

    public String allDeliveries(Exchange exchange) {
        return write(deliveries.all(exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class)));
    }

    public String contacts(Exchange exchange) {
        return write(contacts.contacts(exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class)));
    }

    public String contact(Exchange exchange) {
        return write(contacts.contact(id(exchange, "id")));
    }

    public String clients(Exchange exchange) {
        return write(clients.clients(exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class)));
    }

    public String client(Exchange exchange) {
        return write(clients.client(id(exchange, "id")));
    }

    /** An attachment, always as a download: a browser never renders what a sender attached. */
    public byte[] attachment(Exchange exchange) {
        long number = id(exchange, "id");
        Object[] a = caseFiles.attachment(number, id(exchange, "attachment"));
        download(exchange, (String) a[0], "application/octet-stream");
        return (byte[]) a[2];
    }

    /** The mail as it arrived, as an .eml download. */
    public byte[] rawMail(Exchange exchange) {
        long number = id(exchange, "id");
        long mail = id(exchange, "mail");
        byte[] raw = caseFiles.rawMail(number, mail);
        download(exchange, "case-" + number + "-mail-" + mail + ".eml", "message/rfc822");
        return raw;
    }

    /** The sanitised HTML of a mail, cleaned once more and served under a policy that runs and loads nothing. */
    public String messageHtml(Exchange exchange) {
        String html = caseFiles.messageHtml(id(exchange, "id"), id(exchange, "message"));
        String clean = Jsoup.clean(html, Safelist.relaxed().removeTags("img"));
        var in = exchange.getIn();
        in.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        in.setHeader("Content-Security-Policy", MAIL_CONTENT_POLICY);
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Cache-Control", "no-store");
        return "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>" + clean + "</body></html>";
    }

    /** Each account with its settings (no secrets) and its state: last poll, failed polls and the last error, mail. */
    public String accounts(Exchange exchange) {
        return write(Map.of("accounts", accountQueries.accounts(exchange.getContext())));
    }

    private static void download(Exchange exchange, String filename, String type) {
        String ascii = filename.replaceAll("[^A-Za-z0-9._ -]", "_");
        var in = exchange.getIn();
        in.setHeader(Exchange.CONTENT_TYPE, type);
        in.setHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"));
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        in.setHeader("Cache-Control", "no-store");
    }

    static long id(Exchange exchange, String header) {
        String id = exchange.getIn().getHeader(header, String.class);
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(header + ": '" + id + "' is not a number");
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
