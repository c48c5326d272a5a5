package dev.mail2case.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of phrases that mean one thing in any server's report ("a delivery failed"), each phrase a
 * rule of its own so that the corpus evaluation can see which one spoke and leave out the ones that
 * only ever spoke for one report family.
 */
final class Phrases {

    private final Pattern all;
    private final List<Pattern> phrases = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    Phrases(String name, String regex, int flags) {
        this.all = Pattern.compile(regex, flags);
        for (String alt : BounceReasons.alternatives(regex)) {
            ids.add(name + ":" + ids.size() + ":" + alt);
            phrases.add(Pattern.compile(alt, flags));
        }
    }

    /** True when one of the phrases the rules let take part occurs in text. */
    boolean in(String text, Rules rules) {
        if (text == null || !all.matcher(text).find()) return false;
        if (rules == Rules.ALL) return true;
        for (int i = 0; i < phrases.size(); i++) {
            if (rules.on(ids.get(i)) && phrases.get(i).matcher(text).find()) {
                rules.used(ids.get(i));
                return true;
            }
        }
        return false;
    }
}
