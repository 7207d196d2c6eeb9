package org.openegate.gate.risk.names;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded evaluation set (docs/name-screening.md, "The evaluation set"): a watchlist of {@code size} people
 * drawn from {@link NamePopulation}, listed probes (listed people as their passport's MRZ shows them, with
 * transliteration, order, missing-part, typo and respelling variants) and non-listed travellers (random
 * people (60 %), and near misses built from listed people (40 %): same surname, same given names, or a
 * relative sharing all but one name part, born within three years of the listed person; or the same name
 * with a date of birth 2 to 10 years off).
 *
 * <p>The probe side transliterates with its own tables, written apart from {@link NameNormaliser}, so the
 * evaluation does not grade the product against itself. Same seed, same set.
 */
final class NameEvalSet {

    record Probe(ScreeningQuery query, String expectedId, String variant) {
        boolean listed() {
            return expectedId != null;
        }
    }

    final List<ListedPerson> list;
    final List<Probe> listedProbes;
    final List<Probe> nonListedProbes;
    private final List<NamePopulation.Person> originals;
    private final SplittableRandom rnd;
    /**
     * Draws for sex (added 2026-11-29) come from a stream of their own, so that everything else in a set
     * made with the same seed and pool is drawn as before.
     */
    private final SplittableRandom sexRnd;
    private final NamePopulation population;

    NameEvalSet(int size, int listedProbes, int nonListedProbes, long seed) {
        population = new NamePopulation(seed);
        rnd = new SplittableRandom(seed * 31 + 7);
        sexRnd = new SplittableRandom(seed * 131 + 11);
        list = new ArrayList<>(size);
        originals = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            NamePopulation.Person p = population.next();
            originals.add(p);
            list.add(listForm(String.format("WL%07d", i), p));
        }
        this.listedProbes = new ArrayList<>(listedProbes);
        for (int i = 0; i < listedProbes; i++) {
            int e = rnd.nextInt(size);
            this.listedProbes.add(listedProbe(e));
        }
        this.nonListedProbes = new ArrayList<>(nonListedProbes);
        for (int i = 0; i < nonListedProbes; i++) {
            this.nonListedProbes.add(i % 5 < 3 ? randomTraveller() : nearMiss(rnd.nextInt(size)));
        }
    }

    // ---- how the list writes people -------------------------------------------------------------------

    private ListedPerson listForm(String id, NamePopulation.Person p) {
        String surname = p.surname();
        String given = p.givenNames();
        // Lists are compiled from many sources: some write names already in Latin capitals.
        if (rnd.nextInt(100) < 25) {
            Scheme scheme = isCyrillic(surname) ? (rnd.nextBoolean() ? Scheme.CYR_ICAO : Scheme.CYR_OLD)
                    : Scheme.LATIN_ICAO;
            surname = translit(surname, scheme);
            given = translit(given, scheme);
        }
        DateOfBirth d = p.dob();
        int r = rnd.nextInt(100);
        // Most entries carry a full date; partial and approximate ones come from sanctions-style sources.
        if (r < 6) {
            d = new DateOfBirth(d.year(), 0, 0); // 1970-00-00: year only
        } else if (r < 9) {
            d = new DateOfBirth(d.year(), d.month(), 0);
        } else if (r < 14) {
            d = DateOfBirth.circa(d.year() + rnd.nextInt(3) - 1); // "circa 1970", possibly a year off
        }
        String nat = rnd.nextInt(100) < 10 ? "" : p.nationality();
        return new ListedPerson(id, surname, given, d, nat, listedSex(p.sex()));
    }

    /**
     * The list gives a sex for 90 % of entries (sanctions-style lists record gender for most persons, not
     * all), and 0.3 % of those carry the other one (a data-entry error), which the probe's passport then
     * contradicts.
     */
    private Sex listedSex(Sex truth) {
        int r = sexRnd.nextInt(1000);
        if (r < 100) {
            return Sex.UNSPECIFIED;
        }
        if (r < 103) {
            return truth == Sex.MALE ? Sex.FEMALE : Sex.MALE;
        }
        return truth;
    }

    /** The passport's sex: as born, and X (unspecified) on 0.5 % of documents. */
    private Sex documentSex(Sex truth) {
        return sexRnd.nextInt(1000) < 5 ? Sex.UNSPECIFIED : truth;
    }

    // ---- listed probes ---------------------------------------------------------------------------------

    private Probe listedProbe(int e) {
        NamePopulation.Person p = originals.get(e);
        ListedPerson l = list.get(e);
        Scheme scheme = docScheme(p.surname());
        List<String> s = parts(translit(p.surname(), scheme));
        List<String> g = parts(translit(p.givenNames(), scheme));
        String variant;
        int r = rnd.nextInt(100);
        if (r < 25) {
            variant = "transliteration";
        } else if (r < 35) {
            List<String> t = s;
            s = g;
            g = t;
            variant = "swapped";
        } else if (r < 55) {
            variant = missing(s, g, p.culture());
        } else if (r < 75) {
            variant = typo(s, g);
        } else if (r < 90) {
            variant = respell(s, g);
        } else {
            variant = missing(s, g, p.culture()) + "+" + typo(s, g);
        }
        DateOfBirth d = travellerDob(p.dob(), l.dateOfBirth());
        if (d != p.dob()) {
            variant += d.year() != p.dob().year() ? "+dob-year" : "+dob-swap";
        }
        String nat = rnd.nextInt(100) < 10 ? NamePopulation.CULTURES.get(rnd.nextInt(13)).nationalities()[0]
                : p.nationality();
        return new Probe(ScreeningQuery.fromMrz(mrz(s, g), d, nat, documentSex(p.sex())), l.id(), variant);
    }

    private DateOfBirth travellerDob(DateOfBirth truth, DateOfBirth listed) {
        if (!listed.isComplete()) {
            return truth; // the list knows only part; the passport has it all
        }
        int r = rnd.nextInt(100);
        if (r < 7) {
            // a typo in the year on one side
            return new DateOfBirth(truth.year() + (rnd.nextBoolean() ? 1 : -1), truth.month(), truth.day());
        }
        if (r < 14 && truth.day() <= 12 && truth.day() != truth.month()) {
            return new DateOfBirth(truth.year(), truth.day(), truth.month());
        }
        return truth;
    }

    private String missing(List<String> s, List<String> g, int culture) {
        if (g.size() >= 2) {
            g.remove(1 + rnd.nextInt(g.size() - 1));
            return "missing-given";
        }
        if (s.size() >= 2) {
            s.remove(rnd.nextInt(s.size()));
            return "missing-surname-part";
        }
        // The passport carries a middle name the list does not know.
        NamePopulation.Culture c = NamePopulation.CULTURES.get(culture);
        g.add(translit(c.male()[rnd.nextInt(c.male().length)], Scheme.LATIN_ICAO));
        return "extra-given";
    }

    private String typo(List<String> s, List<String> g) {
        List<String> all = rnd.nextBoolean() && !g.isEmpty() ? g : s;
        if (all.isEmpty()) {
            all = s.isEmpty() ? g : s;
        }
        int i = rnd.nextInt(all.size());
        String t = all.get(i);
        if (t.length() < 4) {
            for (int k = 0; k < all.size(); k++) {
                if (all.get(k).length() >= 4) {
                    i = k;
                    t = all.get(k);
                    break;
                }
            }
        }
        int pos = rnd.nextInt(t.length());
        char letter = (char) ('A' + rnd.nextInt(26));
        String out;
        String kind;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                out = t.substring(0, pos) + letter + t.substring(pos + 1);
                kind = "typo-sub";
            }
            case 1 -> {
                out = t.length() > 3 ? t.substring(0, pos) + t.substring(pos + 1) : t + letter;
                kind = "typo-del";
            }
            case 2 -> {
                out = t.substring(0, pos) + letter + t.substring(pos);
                kind = "typo-ins";
            }
            default -> {
                int p = Math.min(pos, t.length() - 2);
                out = p < 0 ? t : t.substring(0, p) + t.charAt(p + 1) + t.charAt(p) + t.substring(p + 2);
                kind = "typo-swap";
            }
        }
        all.set(i, out);
        return kind;
    }

    /** Spellings that differ by more than a typo but are the same name, as issuers and clerks write them. */
    private static final Map<String, String[]> RESPELL = Map.ofEntries(
            Map.entry("MOHAMMED", new String[] {"MUHAMMAD", "MOHAMED", "MOHAMMAD", "MOHAMAD"}),
            Map.entry("AHMED", new String[] {"AHMAD"}), Map.entry("YOUSSEF", new String[] {"YUSUF", "YOUSEF"}),
            Map.entry("HUSSEIN", new String[] {"HUSAIN", "HUSSAIN"}), Map.entry("MAHMOUD", new String[] {"MAHMUD"}),
            Map.entry("KHALED", new String[] {"KHALID"}), Map.entry("OMAR", new String[] {"UMAR"}),
            Map.entry("SAID", new String[] {"SAEED"}), Map.entry("SALIM", new String[] {"SALEEM"}),
            Map.entry("ABDULLAH", new String[] {"ABDALLAH"}), Map.entry("MUSTAFA", new String[] {"MOSTAFA"}),
            Map.entry("AISHA", new String[] {"AYSHA", "AICHA"}), Map.entry("FATIMA", new String[] {"FATEMA"}),
            Map.entry("ZAINAB", new String[] {"ZEINAB"}), Map.entry("CHOWDHURY", new String[] {"CHOUDHURY"}),
            Map.entry("LAKSHMI", new String[] {"LAXMI"}), Map.entry("POOJA", new String[] {"PUJA"}),
            Map.entry("CATHERINE", new String[] {"KATHERINE", "CATHRINE"}), Map.entry("STEVEN", new String[] {
                    "STEPHEN"}), Map.entry("CLARKE", new String[] {"CLARK"}),
            Map.entry("MCDONALD", new String[] {"MACDONALD"}), Map.entry("MEHMET", new String[] {"MEHMED"}),
            Map.entry("SCHMIDT", new String[] {"SCHMITT", "SCHMID"}), Map.entry("MEYER", new String[] {"MAIER",
                    "MEIER"}), Map.entry("PHILIPPE", new String[] {"FILIPE"}));

    private String respell(List<String> s, List<String> g) {
        for (List<String> l : List.of(g, s)) {
            for (int i = 0; i < l.size(); i++) {
                String[] alt = RESPELL.get(l.get(i));
                if (alt != null) {
                    l.set(i, alt[rnd.nextInt(alt.length)]);
                    return "respelling";
                }
            }
        }
        // Generic sound-alike rewrites; the first that applies to a random part is used.
        String[][] rules = {{"PH", "F"}, {"OU", "U"}, {"EE", "I"}, {"Y", "I"}, {"C", "K"}, {"K", "C"}, {"SS", "S"},
            {"TT", "T"}, {"LL", "L"}, {"KH", "H"}, {"V", "W"}, {"J", "Y"}, {"I", "Y"}, {"TS", "TZ"}};
        List<String> all = rnd.nextBoolean() && !g.isEmpty() ? g : s;
        if (all.isEmpty()) {
            all = g;
        }
        int i = rnd.nextInt(all.size());
        String t = all.get(i);
        int start = rnd.nextInt(rules.length);
        for (int k = 0; k < rules.length; k++) {
            String[] rule = rules[(start + k) % rules.length];
            int at = t.indexOf(rule[0], 1);
            if (at > 0) {
                all.set(i, t.substring(0, at) + rule[1] + t.substring(at + rule[0].length()));
                return "respelling";
            }
        }
        return typo(s, g);
    }

    // ---- non-listed travellers -------------------------------------------------------------------------

    private Probe randomTraveller() {
        NamePopulation.Person p = population.next();
        Scheme scheme = docScheme(p.surname());
        return new Probe(ScreeningQuery.fromMrz(mrz(parts(translit(p.surname(), scheme)),
                parts(translit(p.givenNames(), scheme))), p.dob(), p.nationality(), documentSex(p.sex())), null,
                "random");
    }

    private Probe nearMiss(int e) {
        NamePopulation.Person anchor = originals.get(e);
        NamePopulation.Person other = population.next(anchor.culture());
        Scheme scheme = docScheme(anchor.surname());
        List<String> s = parts(translit(anchor.surname(), scheme));
        List<String> g = parts(translit(anchor.givenNames(), scheme));
        List<String> os = parts(translit(other.surname(), scheme));
        List<String> og = parts(translit(other.givenNames(), scheme));
        // Someone else who shares name parts with a listed person and was born around the same time (within
        // three years), so that partial and approximate list dates are in play.
        DateOfBirth d = new DateOfBirth(anchor.dob().year() + rnd.nextInt(7) - 3, 1 + rnd.nextInt(12),
                1 + rnd.nextInt(28));
        String variant;
        Sex sex = anchor.sex();
        int r = rnd.nextInt(100);
        if (r < 35 && !og.get(0).equals(g.get(0))) {
            g = og;
            sex = other.sex();
            variant = "near-same-surname";
        } else if (r < 60 && !os.equals(s)) {
            s = os;
            variant = "near-same-given";
        } else if (r < 85) {
            int shift = (2 + rnd.nextInt(9)) * (rnd.nextBoolean() ? 1 : -1);
            d = new DateOfBirth(anchor.dob().year() + shift, anchor.dob().month(), anchor.dob().day());
            variant = "near-same-name-other-dob";
        } else if (g.size() >= 2 && !og.get(0).equals(g.get(0))) {
            g = new ArrayList<>(g);
            g.set(0, og.get(0)); // a sibling: same father's name and family name
            sex = other.sex();
            variant = "near-relative";
        } else {
            int shift = (2 + rnd.nextInt(9)) * (rnd.nextBoolean() ? 1 : -1);
            d = new DateOfBirth(anchor.dob().year() + shift, anchor.dob().month(), anchor.dob().day());
            variant = "near-same-name-other-dob";
        }
        return new Probe(ScreeningQuery.fromMrz(mrz(s, g), d, anchor.nationality(), documentSex(sex)), null,
                variant);
    }

    // ---- the document side: MRZ rendering with the probe's own transliteration tables ----------------

    enum Scheme { LATIN_ICAO, LATIN_PLAIN, CYR_ICAO, CYR_OLD, CYR_GERMAN }

    private Scheme docScheme(String name) {
        int r = rnd.nextInt(100);
        if (isCyrillic(name)) {
            return r < 50 ? Scheme.CYR_ICAO : r < 90 ? Scheme.CYR_OLD : Scheme.CYR_GERMAN;
        }
        return r < 65 ? Scheme.LATIN_ICAO : Scheme.LATIN_PLAIN;
    }

    static boolean isCyrillic(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC);
    }

    private static final String CYR = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
    private static final String[] CYR_ICAO = {"A", "B", "V", "G", "D", "E", "E", "ZH", "Z", "I", "I", "K", "L", "M",
        "N", "O", "P", "R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "SHCH", "IE", "Y", "", "E", "IU", "IA"};
    private static final String[] CYR_OLD = {"A", "B", "V", "G", "D", "E", "E", "ZH", "Z", "I", "Y", "K", "L", "M",
        "N", "O", "P", "R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "SHCH", "", "Y", "", "E", "YU", "YA"};
    private static final String[] CYR_GERMAN = {"A", "B", "W", "G", "D", "E", "JO", "SCH", "S", "I", "J", "K", "L",
        "M", "N", "O", "P", "R", "S", "T", "U", "F", "CH", "Z", "TSCH", "SCH", "SCHTSCH", "", "Y", "", "E", "JU",
        "JA"};

    static String translit(String name, Scheme scheme) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toUpperCase(name.charAt(i));
            int cy = CYR.indexOf(c);
            if (cy >= 0) {
                sb.append(switch (scheme) {
                    case CYR_OLD -> CYR_OLD[cy];
                    case CYR_GERMAN -> CYR_GERMAN[cy];
                    default -> CYR_ICAO[cy];
                });
                continue;
            }
            boolean plain = scheme == Scheme.LATIN_PLAIN;
            switch (name.charAt(i)) {
                case 'ä', 'Ä' -> sb.append(plain ? "A" : "AE");
                case 'ö', 'Ö', 'ø', 'Ø' -> sb.append(plain ? "O" : "OE");
                case 'ü', 'Ü' -> sb.append(plain ? "U" : "UE");
                case 'å', 'Å' -> sb.append(plain ? "A" : "AA");
                case 'æ', 'Æ' -> sb.append("AE");
                case 'ß' -> sb.append("SS");
                case 'ł', 'Ł' -> sb.append("L");
                case 'đ', 'Đ' -> sb.append("D");
                case 'ı' -> sb.append("I");
                case '\'' -> { }
                default -> {
                    String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD)
                            .replaceAll("\\p{M}", "");
                    sb.append(base.toUpperCase(Locale.ROOT));
                }
            }
        }
        return sb.toString();
    }

    static List<String> parts(String name) {
        List<String> out = new ArrayList<>();
        for (String p : name.split("[\\s\\-]+")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** TD3 name field: primary << secondary, '<' between parts, cut at 39 characters (9303-4 §4.2.2). */
    static String mrz(List<String> surname, List<String> given) {
        String field = String.join("<", surname) + "<<" + String.join("<", given);
        // the TD3 name field as printed: cut at 39 (9303-3 §4.6.5) or padded with fillers to 39
        return field.length() > 39 ? field.substring(0, 39) : field + "<".repeat(39 - field.length());
    }
}
