package dev.mail2case.identify;

import dev.mail2case.mail.MailAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardingContextTest {

    @Test
    void ownAndForwarderAddressesMatchByKey() {
        ForwardingContext ctx = ForwardingContext.of(List.of("Support@Mail2Case.example", "not an address"),
                List.of("<mailto:Manager@Tenant.example>"));
        assertEquals(1, ctx.ownAddresses().size());
        assertTrue(ctx.isOwn(new MailAddress("support+billing@mail2case.example", null)));
        assertTrue(ctx.isForwarder(new MailAddress("manager@tenant.example", "Manager")));
        assertFalse(ctx.isOwn(new MailAddress("manager@tenant.example", null)));
        assertFalse(ctx.isOwn(null));
        assertFalse(ctx.isOwn(new MailAddress(null, "no address")));
    }

    @Test
    void configuredSeparatorAppliesToOwnAddresses() {
        ForwardingContext ctx = ForwardingContext.of(List.of("support@mail2case.example"), List.of(), "-");
        assertTrue(ctx.isOwn(new MailAddress("support-billing@mail2case.example", null)));
        assertFalse(ctx.isOwn(new MailAddress("support+billing@mail2case.example", null)));
    }
}
