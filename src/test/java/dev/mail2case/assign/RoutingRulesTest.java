package dev.mail2case.assign;

import dev.mail2case.config.SettingException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingRulesTest {
    private final RoutingRules rules = RoutingRules.parse("""
            - name: printers to facilities
              accounts: [support]
              when: {subject: "printer|toner"}
              set: {queue: Facilities}
            - name: contoso invoices
              when: {senderDomain: contoso.example, body: "invoice \\\\d+"}
              set: {job: FIN-1, assignee: Ola@Agency.example}
            - name: mail for the manager
              when: {recipient: Manager@Agency.example}
              set: {assignee: boss@agency.example}
            """, "test");

    @Test
    void firstMatchingRuleWinsAndSubjectPatternIgnoresCase() {
        assertEquals("printers to facilities",
                rules.firstMatch("support", "PRINTER jammed", "", null, "a@b.example").orElseThrow().name());
    }

    @Test
    void ruleLimitedToAnAccountDoesNotApplyElsewhere() {
        assertTrue(rules.firstMatch("requests", "printer jammed", "", null, "a@b.example").isEmpty());
    }

    @Test
    void allConditionsOfARuleMustHoldAndSubdomainsCountForTheSenderDomain() {
        assertTrue(rules.firstMatch("support", "hi", "about invoice 42", null, "x@contoso.example").isPresent());
        assertTrue(rules.firstMatch("support", "hi", "about invoice 42", null, "x@eu.contoso.example").isPresent());
        assertTrue(rules.firstMatch("support", "hi", "no number here", null, "x@contoso.example").isEmpty());
        assertTrue(rules.firstMatch("support", "hi", "about invoice 42", null, "x@notcontoso.example").isEmpty());
    }

    @Test
    void originalRecipientMatchesCaseInsensitively() {
        RoutingRules.Rule r = rules.firstMatch("support", "x", "", "manager@agency.example", "a@b.example").orElseThrow();
        assertEquals("boss@agency.example", r.assignee());
    }

    @Test
    void unknownConditionIsRefusedNamingTheRule() {
        SettingException e = assertThrows(SettingException.class, () -> RoutingRules.parse("""
                - name: typo
                  when: {subjet: x}
                  set: {queue: Q}
                """, "rules.yaml"));
        assertEquals("mail2case.routing-rules", e.setting());
        assertTrue(e.getMessage().contains("'typo'") && e.getMessage().contains("subjet"), e.getMessage());
    }

    @Test
    void badPatternIsRefusedAtStartUp() {
        SettingException e = assertThrows(SettingException.class, () -> RoutingRules.parse("""
                - name: broken
                  when: {subject: "(unclosed"}
                  set: {queue: Q}
                """, "rules.yaml"));
        assertTrue(e.getMessage().contains("bad pattern"), e.getMessage());
    }
}
