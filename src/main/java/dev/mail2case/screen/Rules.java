package dev.mail2case.screen;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Which of the classifier's named rules take part, and a record of the ones that decided. Every rule
 * that was written for one report format or provider carries that family in its id
 * ({@code layout:domino@@lhost-domino}); switching a family's rules off shows how the shared rules
 * alone read that family's reports, which is how the corpus evaluation measures generalisation.
 */
final class Rules {

    static final Rules ALL = new Rules(id -> true, id -> { });

    private final Predicate<String> enabled;
    private final Consumer<String> decided;

    Rules(Predicate<String> enabled, Consumer<String> decided) {
        this.enabled = enabled;
        this.decided = decided;
    }

    boolean on(String id) {
        return enabled.test(id);
    }

    /** Notes that the rule {@code id} gave an answer. */
    void used(String id) {
        decided.accept(id);
    }

    /** True when the rule {@code id} was written for {@code family} ("lhost-domino"). */
    static boolean writtenFor(String id, String family) {
        int at = id.lastIndexOf("@@");
        if (at < 0) return false;
        for (String f : id.substring(at + 2).split("\\+")) {
            if (f.equals(family)) return true;
        }
        return false;
    }

    /** The id of a rule written for the given families, or of a shared rule when there are none. */
    static String id(String name, String... families) {
        return families.length == 0 ? name : name + "@@" + String.join("+", families);
    }
}
