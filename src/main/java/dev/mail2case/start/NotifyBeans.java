package dev.mail2case.start;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import dev.mail2case.notify.Blocks;
import dev.mail2case.notify.ClientNotifications;
import dev.mail2case.notify.DeliveryGuard;
import dev.mail2case.notify.Outbox;
import dev.mail2case.notify.StaffNotifications;
import dev.mail2case.notify.Templates;
import dev.mail2case.thread.OutgoingMessageIds;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What writes mail to the outbox: the rate limits, the templates, client and staff notices, blocks. */
record NotifyBeans(Templates templates, Outbox outbox, Blocks blocks, ClientNotifications client,
                   StaffNotifications staff) {
    private static final List<String> EVENTS = List.of("new-request", "case-forwarded", "case-escalated",
            "deadline-passed");

    static NotifyBeans create(Wiring w) {
        Settings settings = w.settings();
        Templates templates = new Templates(settings.get("mail2case.templates.dir", null));
        DeliveryGuard guard = new DeliveryGuard(w.accounts().stream().map(AccountSettings::address)
                .collect(Collectors.toSet()), rateTiers(settings), w.clock());
        Outbox outbox = new Outbox(templates, w.token()::token, new OutgoingMessageIds(w.domain()), guard,
                w.accounts().get(0).address());
        Blocks blocks = new Blocks(w.database(), w.clock());
        w.bind("blocks", blocks);
        List<String> events = dispatcherEvents(settings);
        StaffNotifications staff = new StaffNotifications(outbox, dispatcherAddresses(settings),
                Set.copyOf(events.isEmpty() ? List.of("case-forwarded", "case-escalated", "deadline-passed") : events),
                serverUrl(settings));
        return new NotifyBeans(templates, outbox, blocks, new ClientNotifications(outbox), staff);
    }

    private static List<DeliveryGuard.RateTier> rateTiers(Settings settings) {
        List<String> specs = settings.list("mail2case.auto-mail.rate-limits");
        List<DeliveryGuard.RateTier> tiers = new ArrayList<>();
        for (String spec : specs.isEmpty() ? List.of("10/PT10M", "30/PT1H", "100/PT10H") : specs) {
            try {
                tiers.add(DeliveryGuard.RateTier.parse(spec));
            } catch (RuntimeException e) {
                throw new SettingException("mail2case.auto-mail.rate-limits", "has '" + spec
                        + "' but each limit is COUNT/ISO-8601-DURATION, e.g. 10/PT10M");
            }
        }
        return tiers;
    }

    private static List<String> dispatcherEvents(Settings settings) {
        List<String> events = settings.list("mail2case.dispatchers.events");
        for (String e : events) {
            if (!EVENTS.contains(e)) {
                throw new SettingException("mail2case.dispatchers.events", "has '" + e
                        + "' but dispatchers hear of new-request, case-forwarded, case-escalated and deadline-passed");
            }
        }
        return events;
    }

    private static List<String> dispatcherAddresses(Settings settings) {
        List<String> addresses = settings.list("mail2case.dispatchers.addresses");
        for (String a : addresses) {
            if (!a.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new SettingException("mail2case.dispatchers.addresses", "has '" + a + "', which is no mail address");
            }
        }
        return addresses;
    }

    private static String serverUrl(Settings settings) {
        String url = settings.get("mail2case.server-url", "");
        if (!url.matches("(https?://\\S+)?")) {
            throw new SettingException("mail2case.server-url", "is '" + url + "' but must be an http(s) URL");
        }
        return url;
    }
}
