package org.openegate.gate.risk.names;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a name as a list or a document gives it into MRZ tokens (A-Z only), each with the spellings that
 * 9303-3 §6 allows for it. "Müller-Lüdenscheidt" gives MUELLER (or MULLER, MUXXLLER) and LUEDENSCHEIDT (or ...):
 * the MRZ of a German passport may carry either, so both sides are compared on these variant sets.
 *
 * <p>Separators follow 9303-3 §4.6.4: spaces, hyphens and '<' split name parts; apostrophes and full stops are
 * dropped without splitting (O'NEILL → ONEILL).
 */
final class NameNormaliser {

    /** Far above any MRZ name field (39) and above real list entries; guards against huge input. */
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_PARTS = 12;
    /** Spellings kept per name part: schemes, and a particle joined or dropped (see {@link #joinParticles}). */
    static final int MAX_VARIANTS = 8;

    private static final String[] NONE = {};

    /**
     * 9303-3 §6 Table A, Latin letters that need more than dropping a diacritic. Columns are spelling schemes:
     * [0] the recommended transliteration, [1] the diacritic simply dropped (documents and lists often do),
     * [2] the optional 9303 form (Ü → UXX, Ñ → NXX). Letters not here lose their diacritics in every scheme
     * (Table A maps É, Ç, Š, ... to the base letter).
     */
    private static final Map<Character, String[]> LATIN = Map.ofEntries(
            Map.entry('Ä', new String[] {"AE", "A", "AE"}),
            Map.entry('Å', new String[] {"AA", "A", "AA"}),
            Map.entry('Æ', new String[] {"AE"}),
            Map.entry('Ö', new String[] {"OE", "O", "OE"}),
            Map.entry('Ø', new String[] {"OE", "O", "OE"}),
            Map.entry('Œ', new String[] {"OE"}),
            Map.entry('Ü', new String[] {"UE", "U", "UXX"}),
            Map.entry('Ñ', new String[] {"N", "N", "NXX"}),
            Map.entry('ß', new String[] {"SS"}),
            Map.entry('ẞ', new String[] {"SS"}),
            Map.entry('Þ', new String[] {"TH"}),
            Map.entry('Ĳ', new String[] {"IJ"}),
            Map.entry('Ð', new String[] {"D"}),
            Map.entry('Đ', new String[] {"D"}),
            Map.entry('Ł', new String[] {"L"}),
            Map.entry('Ħ', new String[] {"H"}),
            Map.entry('Ŧ', new String[] {"T"}),
            Map.entry('Ŋ', new String[] {"N"}),
            Map.entry('Ŀ', new String[] {"L"}));

    /**
     * Cyrillic, columns as spelling schemes: [0] 9303-3 §6 Table B (7th edition), [1] the older spelling of
     * documents issued before it (Russian passports before 2013: Й → Y, Ю → YU, Я → YA), [2] the German
     * spelling found in documents of German issuers (В → W, Ж → SCH, Ч → TSCH, Ц → Z, Й → J). A document
     * uses one scheme throughout, so a name gets one spelling per scheme rather than every mixture.
     */
    private static final Map<Character, String[]> CYRILLIC = Map.ofEntries(
            Map.entry('А', new String[] {"A"}), Map.entry('Б', new String[] {"B"}),
            Map.entry('В', new String[] {"V", "V", "W"}), Map.entry('Г', new String[] {"G"}),
            Map.entry('Ґ', new String[] {"G"}), Map.entry('Д', new String[] {"D"}),
            Map.entry('Ђ', new String[] {"D"}), Map.entry('Ѓ', new String[] {"G"}),
            Map.entry('Е', new String[] {"E"}), Map.entry('Ё', new String[] {"E", "YO", "JO"}),
            Map.entry('Є', new String[] {"IE", "YE", "JE"}), Map.entry('Ж', new String[] {"ZH", "ZH", "SCH"}),
            Map.entry('З', new String[] {"Z", "Z", "S"}), Map.entry('Ѕ', new String[] {"DZ"}),
            Map.entry('И', new String[] {"I"}), Map.entry('І', new String[] {"I"}),
            Map.entry('Ї', new String[] {"I", "YI", "JI"}), Map.entry('Й', new String[] {"I", "Y", "J"}),
            Map.entry('Ј', new String[] {"J"}), Map.entry('К', new String[] {"K"}),
            Map.entry('Л', new String[] {"L"}), Map.entry('Љ', new String[] {"LJ"}),
            Map.entry('М', new String[] {"M"}), Map.entry('Н', new String[] {"N"}),
            Map.entry('Њ', new String[] {"NJ"}), Map.entry('О', new String[] {"O"}),
            Map.entry('П', new String[] {"P"}), Map.entry('Р', new String[] {"R"}),
            Map.entry('С', new String[] {"S"}), Map.entry('Т', new String[] {"T"}),
            Map.entry('Ћ', new String[] {"C"}), Map.entry('Ќ', new String[] {"K"}),
            Map.entry('У', new String[] {"U"}), Map.entry('Ў', new String[] {"U"}),
            Map.entry('Ф', new String[] {"F"}), Map.entry('Х', new String[] {"KH", "KH", "CH"}),
            Map.entry('Ц', new String[] {"TS", "TS", "Z"}), Map.entry('Ч', new String[] {"CH", "CH", "TSCH"}),
            Map.entry('Џ', new String[] {"DZ"}), Map.entry('Ш', new String[] {"SH", "SH", "SCH"}),
            Map.entry('Щ', new String[] {"SHCH", "SHCH", "SCHTSCH"}), Map.entry('Ъ', new String[] {"IE", "", ""}),
            Map.entry('Ы', new String[] {"Y"}), Map.entry('Ь', new String[] {""}),
            Map.entry('Э', new String[] {"E"}), Map.entry('Ю', new String[] {"IU", "YU", "JU"}),
            Map.entry('Я', new String[] {"IA", "YA", "JA"}));

    private NameNormaliser() {
    }

    /** One name part: its recommended MRZ spelling first, then the other allowed spellings. */
    record Token(String primary, String[] variants) {
    }

    /**
     * Splits and transliterates one name field (surname or given names).
     *
     * @param field used only in error messages ("surname", "given names")
     */
    static List<Token> tokens(String name, String field) {
        List<Token> out = new ArrayList<>();
        if (name.length() > MAX_NAME_CHARS) {
            throw new NameScreeningException(NameScreeningException.Reason.NAME_TOO_LONG,
                    field + " has " + name.length() + " characters, at most " + MAX_NAME_CHARS);
        }
        // Each element holds the alternatives of one letter; a token is a run of them.
        List<String[]> letters = new ArrayList<>();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == '<' || c == '-' || c == '\t' || c == ',' || c == '\u00A0' || c == '\u2010') {
                flush(letters, out, field);
            } else if (c == '\'' || c == '\u2019' || c == '\u02BC' || c == '`' || c == '.') {
                continue; // 9303-3 §4.6.4: apostrophes are omitted, the parts joined
            } else {
                letters.add(letter(c, i, field));
            }
        }
        flush(letters, out, field);
        out = joinParticles(out);
        if (out.size() > MAX_PARTS) {
            throw new NameScreeningException(NameScreeningException.Reason.TOO_MANY_PARTS,
                    field + " has " + out.size() + " parts, at most " + MAX_PARTS);
        }
        return out;
    }

    private static String[] letter(char c, int offset, String field) {
        if (c >= 'A' && c <= 'Z') {
            return new String[] {String.valueOf(c)};
        }
        if (c >= 'a' && c <= 'z') {
            return new String[] {String.valueOf((char) (c - 32))};
        }
        if (!Character.isLetter(c)) {
            throw new NameScreeningException(NameScreeningException.Reason.INVALID_CHARACTER,
                    field + " has U+" + String.format("%04X", (int) c) + " (not a letter) at offset " + offset);
        }
        char upper = c == 'ß' ? c : Character.toUpperCase(c);
        Character.UnicodeScript script = Character.UnicodeScript.of(upper);
        if (script == Character.UnicodeScript.CYRILLIC) {
            String[] v = CYRILLIC.get(upper);
            if (v != null) {
                return v;
            }
        } else if (script == Character.UnicodeScript.LATIN) {
            String[] v = LATIN.get(upper);
            if (v != null) {
                return v;
            }
            String base = Normalizer.normalize(String.valueOf(upper), Normalizer.Form.NFD).substring(0, 1);
            char b = base.charAt(0);
            if (b >= 'A' && b <= 'Z') {
                return new String[] {base};
            }
        }
        throw new NameScreeningException(NameScreeningException.Reason.UNSUPPORTED_SCRIPT,
                field + " has a " + script + " letter U+" + String.format("%04X", (int) c) + " at offset " + offset
                        + " with no transliteration here; give the list name in Latin or Cyrillic");
    }

    /**
     * Name particles (AL, VAN DER, DE, BIN, ...) are written split, joined or left out, depending on the issuer
     * ("AL<MASRI", "ALMASRI", "MASRI"). A particle is therefore glued to the part after it, whose spellings
     * then include the joined and the bare form, so all three meet on a spelling key. A particle with nothing
     * after it in its field (the Vietnamese surname LE) stays a name part.
     */
    private static List<Token> joinParticles(List<Token> raw) {
        List<Token> out = new ArrayList<>(raw.size());
        StringBuilder particles = new StringBuilder();
        for (int i = 0; i < raw.size(); i++) {
            Token t = raw.get(i);
            if (PARTICLES.contains(t.primary()) && i + 1 < raw.size()) {
                particles.append(t.primary());
                continue;
            }
            if (particles.length() == 0) {
                out.add(t);
                continue;
            }
            List<String> v = new ArrayList<>();
            for (String core : t.variants()) {
                if (v.size() < MAX_VARIANTS - 1) {
                    v.add(particles + core);
                }
            }
            for (String core : t.variants()) {
                if (v.size() < MAX_VARIANTS) {
                    v.add(core);
                }
            }
            out.add(new Token(v.get(0), v.toArray(NONE)));
            particles.setLength(0);
        }
        return out;
    }

    /** Only particles that are not also common names by themselves (VAN and LE are Vietnamese names). */
    private static final java.util.Set<String> PARTICLES = java.util.Set.of("AL", "EL", "VON", "DER", "DEN",
            "DE", "DOS", "DAS", "DEL", "DELLA", "BIN", "BINT", "IBN", "UL");

    private static void flush(List<String[]> letters, List<Token> out, String field) {
        if (letters.isEmpty()) {
            return;
        }
        int schemes = 1;
        for (String[] alternatives : letters) {
            schemes = Math.max(schemes, alternatives.length);
        }
        List<String> distinct = new ArrayList<>(schemes);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < schemes; k++) {
            sb.setLength(0);
            for (String[] alternatives : letters) {
                sb.append(alternatives[Math.min(k, alternatives.length - 1)]);
            }
            String s = sb.toString();
            if (!s.isEmpty() && !distinct.contains(s)) {
                distinct.add(s);
            }
        }
        letters.clear();
        if (distinct.isEmpty()) {
            return; // a lone soft sign
        }
        out.add(new Token(distinct.get(0), distinct.toArray(NONE)));
    }

    /**
     * The spelling-blind form two transliterations of one letter share: UXX/NXX lose XX, AE/OE/UE/AA lose
     * their second letter. Equal folded forms mean "same name, different 9303-3 §6 option".
     */
    static String fold(String mrz) {
        StringBuilder sb = new StringBuilder(mrz.length());
        for (int i = 0; i < mrz.length(); i++) {
            char c = mrz.charAt(i);
            char next = i + 1 < mrz.length() ? mrz.charAt(i + 1) : 0;
            if (c == 'X' && next == 'X' && i > 0) {
                i++;
                continue;
            }
            sb.append(c);
            if ((c == 'A' || c == 'O' || c == 'U') && next == 'E' || c == 'A' && next == 'A') {
                i++;
            }
        }
        return sb.toString();
    }

    /**
     * A sound skeleton of a folded MRZ token, for spellings that are not one typo apart but sound alike
     * (MOHAMMED, MUHAMMAD, MOHAMED → MHMT). Written for this project: digraphs to one letter, letters that
     * sound alike to one class, vowels after the first letter dropped, doubles collapsed.
     */
    static String phonetic(String folded) {
        StringBuilder sb = new StringBuilder(folded.length());
        int n = folded.length();
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            char next = i + 1 < n ? folded.charAt(i + 1) : 0;
            char k;
            if (c == 'T' && next == 'S' && i + 3 < n && folded.charAt(i + 2) == 'C' && folded.charAt(i + 3) == 'H') {
                k = 'H'; // German TSCH for Cyrillic Ч, which 9303 writes CH
                i += 3;
            } else if (c == 'S' && next == 'C' && i + 2 < n && folded.charAt(i + 2) == 'H') {
                k = 'S';
                i += 2;
            } else if (c == 'T' && (next == 'S' || next == 'Z')) {
                k = 'S'; // Ц: TS, C or Z
                i++;
            } else if ((c == 'P' && next == 'H')) {
                k = 'F';
                i++;
            } else if ((c == 'S' || c == 'Z') && next == 'H') {
                k = 'S';
                i++;
            } else if ((c == 'K' || c == 'C') && next == 'H') {
                k = 'H';
                i++;
            } else if ((c == 'T' || c == 'D' || c == 'G') && next == 'H') {
                k = c == 'G' ? 'K' : 'T';
                i++;
            } else if (c == 'X') {
                if (sb.length() == 0 || sb.charAt(sb.length() - 1) != 'K') {
                    sb.append('K'); // X sounds KS (LAXMI, LAKSHMI)
                }
                k = 'S';
            } else {
                k = switch (c) {
                    case 'A', 'E', 'I', 'O', 'U', 'Y', 'J' -> 'A';
                    case 'C', 'K', 'Q', 'G' -> 'K';
                    case 'Z', 'S' -> 'S';
                    case 'W', 'V', 'F' -> 'F';
                    case 'B', 'P' -> 'P';
                    case 'D', 'T' -> 'T';
                    default -> c;
                };
            }
            if (k == 'A' && sb.length() > 0) {
                continue; // vowels carry little after the first letter
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) == k) {
                continue;
            }
            sb.append(k);
        }
        return sb.toString();
    }
}
