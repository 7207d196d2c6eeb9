package org.openegate.gate.risk.names;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dictionary of distinct name parts on the list and the keys that find them from a traveller's spelling.
 *
 * <p>Design: fuzzy matching is done once per distinct name part, not per listed person — a million people share
 * far fewer distinct name parts. Each part is reachable by four kinds of key: every 9303-3 §6 spelling, its
 * folded form (spelling-blind), its sound skeleton, and its one-deletion neighbourhood (symmetric deletion: a
 * query and a list part one substitution, insertion, deletion or adjacent swap apart share a key). Keys are
 * 40-bit hashes packed with the 24-bit part id into one sorted {@code long[]}: no String per key, and a lookup
 * is a binary search. A hash collision only adds a candidate that verification then drops.
 */
final class TokenIndex {

    static final int MAX_TOKENS = 1 << 24;
    private static final int ID_BITS = 24;
    private static final long ID_MASK = (1L << ID_BITS) - 1;

    private static final byte KEY_SPELLING = 1;
    private static final byte KEY_FOLDED = 2;
    private static final byte KEY_PHONETIC = 3;
    private static final byte KEY_DELETION = 4;

    static final float SIM_EXACT = 1.0f;
    static final float SIM_SPELLING = 0.97f;
    static final float SIM_FOLDED = 0.95f;
    static final float SIM_PHONETIC = 0.8f;

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<Set<String>> spellingsWhileBuilding = new ArrayList<>();

    private String[] primary;
    private String[][] folds;
    private long[] keys;

    /** Build phase: the id of this name part, merging the spellings seen for it. */
    int intern(NameNormaliser.Token token) {
        Integer id = ids.get(token.primary());
        if (id == null) {
            if (ids.size() >= MAX_TOKENS) {
                throw new NameScreeningException(NameScreeningException.Reason.BAD_CONFIG,
                        "more than " + MAX_TOKENS + " distinct name parts");
            }
            id = ids.size();
            ids.put(token.primary(), id);
            spellingsWhileBuilding.add(new LinkedHashSet<>(List.of(token.variants())));
        } else {
            Set<String> s = spellingsWhileBuilding.get(id);
            if (s.size() < NameNormaliser.MAX_VARIANTS) {
                s.addAll(List.of(token.variants()));
            }
        }
        return id;
    }

    void freeze() {
        int n = ids.size();
        primary = new String[n];
        folds = new String[n][];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            primary[e.getValue()] = e.getKey();
        }
        long[] buf = new long[Math.max(16, n * 12)];
        int size = 0;
        Set<String> keySet = new LinkedHashSet<>();
        for (int id = 0; id < n; id++) {
            Set<String> spellings = spellingsWhileBuilding.get(id);
            Set<String> f = new LinkedHashSet<>();
            for (String s : spellings) {
                f.add(NameNormaliser.fold(s));
            }
            folds[id] = f.toArray(new String[0]);
            keySet.clear();
            for (String s : spellings) {
                keySet.add(KEY_SPELLING + s);
            }
            for (String fold : folds[id]) {
                keySet.add(KEY_FOLDED + fold);
                String ph = NameNormaliser.phonetic(fold);
                if (phoneticUsable(ph, fold)) {
                    keySet.add(KEY_PHONETIC + ph);
                }
                addDeletions(fold, keySet);
            }
            // Folding merges letters (HAAN → HAN), so typos are looked for on the spelling as well.
            addDeletions(primary[id], keySet);
            for (String k : keySet) {
                if (size == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                buf[size++] = (hash40(k) << ID_BITS) | id;
            }
        }
        keys = Arrays.copyOf(buf, size);
        Arrays.sort(keys);
        ids.clear();
        spellingsWhileBuilding.clear();
    }

    private static void addDeletions(String fold, Set<String> out) {
        out.add(KEY_DELETION + fold);
        if (fold.length() < 2) {
            return;
        }
        for (int i = 0; i < fold.length(); i++) {
            out.add(KEY_DELETION + fold.substring(0, i) + fold.substring(i + 1));
        }
    }

    int size() {
        return primary.length;
    }

    String primary(int id) {
        return primary[id];
    }

    long keyCount() {
        return keys.length;
    }

    /** The list's name parts a traveller's name part may be, best similarity per part. */
    void lookup(NameNormaliser.Token q, TokenMatches out) {
        out.clear();
        String qPrimary = q.primary();
        for (String s : q.variants()) {
            String sFold = NameNormaliser.fold(s);
            forKey(KEY_SPELLING + s, id -> {
                if (primary[id].equals(qPrimary)) {
                    out.offer(id, SIM_EXACT, MatchKind.EXACT);
                } else if (contains(folds[id], sFold)) { // equal spellings fold equally: drops hash collisions
                    out.offer(id, SIM_SPELLING, MatchKind.TRANSLITERATION);
                }
            });
        }
        Set<String> qFolds = new LinkedHashSet<>();
        for (String s : q.variants()) {
            qFolds.add(NameNormaliser.fold(s));
        }
        Set<String> dels = new LinkedHashSet<>();
        for (String qf : qFolds) {
            forKey(KEY_FOLDED + qf, id -> {
                if (contains(folds[id], qf)) {
                    out.offer(id, SIM_FOLDED, MatchKind.TRANSLITERATION);
                }
            });
            String ph = NameNormaliser.phonetic(qf);
            if (phoneticUsable(ph, qf)) {
                forKey(KEY_PHONETIC + ph, id -> {
                    for (String f : folds[id]) {
                        if (NameNormaliser.phonetic(f).equals(ph)) {
                            out.offer(id, SIM_PHONETIC, MatchKind.PHONETIC);
                            return;
                        }
                    }
                });
            }
            addDeletions(qf, dels);
        }
        addDeletions(qPrimary, dels);
        for (String d : dels) {
            forKey(d, id -> {
                int len = withinOneEdit(qFolds, qPrimary, id);
                if (len > 0) {
                    out.offer(id, typoSimilarity(len), MatchKind.TYPO);
                }
            });
        }
    }

    /** The shorter length of a pair one edit apart (spelling or folded form, either side), or 0. */
    private int withinOneEdit(Set<String> qFolds, String qPrimary, int id) {
        String p = primary[id];
        if (qPrimary.length() >= 2 && p.length() >= 2 && Edits.withinOne(qPrimary, p)) {
            return Math.min(qPrimary.length(), p.length());
        }
        for (String qf : qFolds) {
            for (String f : folds[id]) {
                if (f.length() >= 2 && qf.length() >= 2 && Edits.withinOne(qf, f)) {
                    return Math.min(qf.length(), f.length());
                }
            }
        }
        return 0;
    }

    /** A skeleton of one or two consonants says little, unless the name is long (KOVOV / KOWOW → KF). */
    private static boolean phoneticUsable(String key, String fold) {
        return key.length() >= 3 || key.length() == 2 && fold.length() >= 5;
    }

    /**
     * One edit matters more in a short name: LI/LU are likely different people, SCHNEIDER/SCHNIEDER are not.
     * Short parts still get a (weak) typo match, so that a two-letter surname typed wrong can alert when the
     * rest of the name and the date of birth agree.
     */
    static float typoSimilarity(int length) {
        if (length >= 6) {
            return 0.9f;
        }
        if (length == 5) {
            return 0.88f;
        }
        if (length == 4) {
            return 0.8f;
        }
        return length == 3 ? 0.7f : 0.6f;
    }

    private static boolean contains(String[] a, String s) {
        for (String x : a) {
            if (x.equals(s)) {
                return true;
            }
        }
        return false;
    }

    private interface IdConsumer {
        void accept(int id);
    }

    private void forKey(String key, IdConsumer consumer) {
        long h = hash40(key);
        long lo = h << ID_BITS;
        int i = lowerBound(lo);
        for (; i < keys.length && (keys[i] >> ID_BITS) == (lo >> ID_BITS); i++) {
            consumer.accept((int) (keys[i] & ID_MASK));
        }
    }

    private int lowerBound(long v) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** FNV-1a 64 folded to 40 bits, sign-extended so that shifting left keeps the sorted order contiguous. */
    static long hash40(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 32;
        return h >> 24;
    }

    /** Per-query scratch: list part ids with the best similarity and kind found for one traveller part. */
    static final class TokenMatches {
        int size;
        int[] ids = new int[16];
        float[] sims = new float[16];
        MatchKind[] kinds = new MatchKind[16];

        void clear() {
            size = 0;
        }

        void offer(int id, float sim, MatchKind kind) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    if (sim > sims[i]) {
                        sims[i] = sim;
                        kinds[i] = kind;
                    }
                    return;
                }
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                sims = Arrays.copyOf(sims, size * 2);
                kinds = Arrays.copyOf(kinds, size * 2);
            }
            ids[size] = id;
            sims[size] = sim;
            kinds[size] = kind;
            size++;
        }

        /** Index of this list part among the matches, or -1. */
        int indexOf(int id) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    return i;
                }
            }
            return -1;
        }
    }
}
