package org.openegate.gate.risk.names;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A watchlist of persons screened by fuzzy name, date of birth and nationality.
 *
 * <p>Design (docs/name-screening.md has the numbers): both the list's names and the traveller's are reduced to
 * MRZ name parts with their 9303-3 §6 spellings ({@link NameNormaliser}). Distinct name parts go into a
 * dictionary searched by spelling, folded, sound and one-deletion keys ({@link TokenIndex}); each name part
 * has a posting list of the persons who carry it. A query looks up each of its parts, then walks only the
 * postings of its rarest parts: a score at the alert threshold needs a minimum number of matched parts, so
 * (pigeonhole) every alerting person carries at least one of the {@code n - minMatched + 1} rarest ones.
 * Persons whose date of birth contradicts the traveller's are dropped before scoring, since a contradicting
 * date costs more than any name can earn. Memory is a few flat arrays: per person an id, a packed date,
 * a packed nationality and its part ids.
 *
 * <p>Immutable once built and safe to screen from many threads.
 */
public final class PersonWatchlist {

    private static final int GIVEN_BIT = 1 << 30;
    private static final int ID_MASK = GIVEN_BIT - 1;

    /**
     * Weight of a name part without a counterpart, against 1 for a matched part. A part missing on one side
     * only is common (passports drop middle names, lists add them) and costs little; parts left over on both
     * sides mean the names disagree, and cost more.
     */
    static final double UNMATCHED_WEIGHT = 0.5;
    static final double CONFLICT_WEIGHT = 0.75;
    static final double SWAP_PENALTY = 0.03;
    /**
     * Evidence beside the name is graded on one scale: {@code NAT} score units per natural-log unit of the
     * likelihood ratio P(observation | the listed person) / P(observation | someone else with a similar name).
     * The scale comes from the date grades, which were set first: an exact full date against a year only is
     * ln(24,000 / 66) = 5.9 nats for 0.18 score units, 0.03 per nat.
     */
    static final double NAT = 0.03;
    /**
     * Same nationality: about 9 in 10 listed persons travel on the nationality the list gives, while a
     * namesake from the same culture shares it about half the time (neighbouring states, naturalisation):
     * ln(0.9 / 0.5) = 0.6 nats, rounded up to one because lists give the nationality of record.
     */
    static final double NATIONALITY_BONUS = 1.0 * NAT;
    /**
     * Different nationality: about 1 in 10 listed persons travels on another one (dual nationals, old
     * entries) against about 1 in 2 namesakes: ln(0.1 / 0.5) = -1.6 nats. Evidence, not a veto.
     */
    static final double NATIONALITY_PENALTY = -1.6 * NAT;
    /**
     * Different sex, both given: a data error in well under 1 in 100 records against about 1 in 2 for a
     * namesake matched on the surname: ln(0.01 / 0.5) = -3.9 nats. Same sex adds nothing: given names
     * already carry it.
     */
    static final double SEX_PENALTY = -3.9 * NAT;
    /**
     * Commonness with a weak date: with {@code c} listed persons carrying the matched name parts together,
     * the name is about {@code c} times as common as a one-off, so a traveller who shares it and the
     * entry's year (or ±1, or no date at all) is that much more likely to be a namesake: -ln(c) nats
     * (counted, not modelled, capped at {@code COMMON_CAP}). A full date is specific enough on its own
     * (one day in ~24,000) and takes no commonness penalty; a year and month takes half. A matched part is
     * counted by the traveller's own spelling (the listed parts it spells exactly, in another scheme or
     * folded) as well as the entry's: how common the traveller's name is decides how likely a namesake is,
     * so a common HUONG matched by one edit to a rare listed HUONK counts as common, while a typo of a rare
     * listed name (nobody carries the typo) still counts the entry's carriers alone.
     */
    static final double COMMON_NAT = 1.0 * NAT;
    static final int COMMON_CAP = 1024;
    /** The most date and nationality can add; the candidate walk's pigeonhole bound relies on it. */
    private static final double MAX_BONUS = DobRule.MAX_ADJUSTMENT + NATIONALITY_BONUS;
    /**
     * Rarity weights: a name part's weight is its inverse document frequency over the listed persons,
     * ln(N / df), divided by {@code IDF_REF} (a part one person in ~1,100 carries) and held within
     * [{@code W_MIN}, {@code W_MAX}]. A match on THI, MOHAMMED or MARIA is then worth about half of one on a
     * rare surname, and so is a common part missing. ln(N / df) estimates -ln P(part) in the listed
     * population, so the weight of a given part does not drift with the list's size; on a list too small to
     * tell common from rare every part gets {@code W_MIN} and the score is the unweighted one.
     */
    static final double IDF_REF = 7.0;
    static final double W_MIN = 0.5;
    static final double W_MAX = 1.25;
    /** A part left over on both sides (the names disagree) counts at least this much, however common. */
    static final double CONFLICT_FLOOR = 1.0;
    /**
     * A part on one side only (a dropped middle name, a second surname the list adds) weighs {@code W_MIN}
     * however rare it is: whether a document drops a part or a list adds one does not depend on how common the
     * part is, so its rarity is no evidence either way (rarity counts where parts match). Measured on the
     * tuning seed at 200k entries (threshold 0.70): rarity-weighted 98.40 % recall / 0.35 % false alerts,
     * weight held at 0.75 99.25 % / 0.38 %, flat 99.60 % / 0.43 %; at 0.74 flat gives 99.25 % / 0.25 %.
     */
    static final double ONE_SIDED_PART = W_MIN;
    /** Parts carried by at least this many persons and weighted below 0.75 are called common in explanations. */
    private static final int COMMON_MIN_PERSONS = 20;
    private static final float SIM_INITIAL = 0.6f;
    private static final float SIM_TRUNCATED = 0.85f;

    private final ScreeningConfig config;
    private final TokenIndex index;
    private final String[] ids;
    private final int[] dob;
    private final short[] nationality;
    private final byte[] sex;
    private final int[] partStart;
    private final int[] parts;
    private final int[] postingStart;
    private final int[] postings;
    private final float[] weight;

    private PersonWatchlist(Builder b) {
        this.config = b.config;
        this.index = b.index;
        int n = b.count;
        this.ids = Arrays.copyOf(b.ids, n);
        this.dob = Arrays.copyOf(b.dob, n);
        this.nationality = Arrays.copyOf(b.nationality, n);
        this.sex = Arrays.copyOf(b.sex, n);
        this.partStart = Arrays.copyOf(b.partStart, n + 1);
        this.parts = Arrays.copyOf(b.parts, b.partCount);
        index.freeze();
        int tokens = index.size();
        postingStart = new int[tokens + 1];
        for (int e = 0; e < n; e++) {
            forEachDistinctPart(e, t -> postingStart[t + 1]++);
        }
        for (int t = 0; t < tokens; t++) {
            postingStart[t + 1] += postingStart[t];
        }
        postings = new int[postingStart[tokens]];
        int[] fill = Arrays.copyOf(postingStart, tokens);
        for (int e = 0; e < n; e++) {
            int entry = e;
            forEachDistinctPart(e, t -> postings[fill[t]++] = entry);
        }
        weight = new float[tokens];
        for (int t = 0; t < tokens; t++) {
            int df = Math.max(1, postingStart[t + 1] - postingStart[t]);
            double w = Math.log((double) Math.max(n, 1) / df) / IDF_REF;
            weight[t] = (float) Math.max(W_MIN, Math.min(W_MAX, w));
        }
    }

    private interface PartConsumer {
        void accept(int tokenId);
    }

    private void forEachDistinctPart(int entry, PartConsumer c) {
        outer:
        for (int i = partStart[entry]; i < partStart[entry + 1]; i++) {
            int t = parts[i] & ID_MASK;
            for (int j = partStart[entry]; j < i; j++) {
                if ((parts[j] & ID_MASK) == t) {
                    continue outer;
                }
            }
            c.accept(t);
        }
    }

    public static Builder builder(ScreeningConfig config) {
        return new Builder(config);
    }

    /** Builds a list from all entries; the first bad entry fails the whole build, naming its id. */
    public static PersonWatchlist of(Iterable<ListedPerson> entries, ScreeningConfig config) {
        Builder b = builder(config);
        for (ListedPerson p : entries) {
            b.add(p);
        }
        return b.build();
    }

    /** Collects entries; {@link #add} refuses a bad one with a reason, so a feed can skip and count it. */
    public static final class Builder {
        private final ScreeningConfig config;
        private final TokenIndex index = new TokenIndex();
        private int count;
        private String[] ids = new String[1024];
        private int[] dob = new int[1024];
        private short[] nationality = new short[1024];
        private byte[] sex = new byte[1024];
        private int[] partStart = new int[1025];
        private int[] parts = new int[4096];
        private int partCount;
        private boolean built;

        private Builder(ScreeningConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder add(ListedPerson person) {
            if (built) {
                throw new IllegalStateException("watchlist already built");
            }
            List<NameNormaliser.Token> surname;
            List<NameNormaliser.Token> given;
            try {
                surname = NameNormaliser.tokens(person.surname(), "surname");
                given = NameNormaliser.tokens(person.givenNames(), "given names");
                if (surname.isEmpty() && given.isEmpty()) {
                    throw new NameScreeningException(NameScreeningException.Reason.EMPTY_NAME, "no name parts");
                }
                if (surname.size() + given.size() > NameNormaliser.MAX_PARTS) {
                    throw new NameScreeningException(NameScreeningException.Reason.TOO_MANY_PARTS,
                            (surname.size() + given.size()) + " name parts, at most " + NameNormaliser.MAX_PARTS);
                }
            } catch (NameScreeningException e) {
                throw new NameScreeningException(e.reason(), "entry " + person.id() + ": "
                        + e.getMessage().substring(e.reason().name().length() + 2));
            }
            if (count == ids.length) {
                int cap = count * 2;
                ids = Arrays.copyOf(ids, cap);
                dob = Arrays.copyOf(dob, cap);
                nationality = Arrays.copyOf(nationality, cap);
                sex = Arrays.copyOf(sex, cap);
                partStart = Arrays.copyOf(partStart, cap + 1);
            }
            if (partCount + surname.size() + given.size() > parts.length) {
                parts = Arrays.copyOf(parts, parts.length * 2);
            }
            ids[count] = person.id();
            dob[count] = person.dateOfBirth().packed();
            nationality[count] = Nationality.pack(person.nationality());
            sex[count] = person.sex().pack();
            for (NameNormaliser.Token t : surname) {
                parts[partCount++] = index.intern(t);
            }
            for (NameNormaliser.Token t : given) {
                parts[partCount++] = index.intern(t) | GIVEN_BIT;
            }
            count++;
            partStart[count] = partCount;
            return this;
        }

        public PersonWatchlist build() {
            if (built) {
                throw new IllegalStateException("watchlist already built");
            }
            built = true;
            return new PersonWatchlist(this);
        }
    }

    public int size() {
        return ids.length;
    }

    public ScreeningConfig config() {
        return config;
    }

    /** Distinct name parts on the list (for sizing and the docs). */
    public int distinctNameParts() {
        return index.size();
    }

    /**
     * Screens one traveller. Never returns null; a name that cannot be screened throws
     * {@link NameScreeningException} with a reason.
     */
    public ScreeningResult screen(ScreeningQuery query) {
        Query q = Query.of(query, index);
        int n = q.size();
        // Fewest matched parts that can still reach the threshold, with the best bonuses.
        double nameMin = config.alertThreshold() - MAX_BONUS;
        int mMin = 1;
        // Weighted, the matched parts may be the heaviest and the missing ones the lightest.
        while (mMin < n && mMin * W_MAX / (mMin * W_MAX + UNMATCHED_WEIGHT * W_MIN * (n - mMin)) < nameMin) {
            mMin++;
        }
        // Drivers: the rarest looked-up parts, enough that an alerting person carries one of them.
        // Parts with no dictionary hit (initials, a cut-short last part) can match only while scoring, so they
        // cannot drive; the pigeonhole counts them as possibly matched.
        Integer[] order = new Integer[n];
        int lookedUp = 0;
        int initials = 0;
        for (int i = 0; i < n; i++) {
            if (q.isInitial(i) || q.matches[i].size == 0) {
                initials++;
            } else {
                order[lookedUp++] = i;
            }
        }
        Arrays.sort(order, 0, lookedUp, (a, b) -> Long.compare(postingSum(q.matches[a]), postingSum(q.matches[b])));
        int drivers = Math.min(lookedUp, Math.max(1, lookedUp - Math.max(0, mMin - initials) + 1));
        int total = 0;
        for (int d = 0; d < drivers; d++) {
            total += (int) Math.min(Integer.MAX_VALUE / 2, postingSum(q.matches[order[d]]));
        }
        int[] cand = new int[total];
        int c = 0;
        for (int d = 0; d < drivers; d++) {
            TokenIndex.TokenMatches m = q.matches[order[d]];
            for (int k = 0; k < m.size; k++) {
                int t = m.ids[k];
                int len = postingStart[t + 1] - postingStart[t];
                System.arraycopy(postings, postingStart[t], cand, c, len);
                c += len;
            }
        }
        Arrays.sort(cand, 0, c);
        int qDob = query.dateOfBirth().packed();
        short qNat = Nationality.pack(query.nationality());
        Scorer scorer = new Scorer(q, query.sex().pack());
        int max = config.maxMatches();
        int[] best = new int[max];
        double[] bestScore = new double[max];
        int kept = 0;
        int scored = 0;
        int prev = -1;
        for (int i = 0; i < c; i++) {
            int e = cand[i];
            if (e == prev) {
                continue;
            }
            prev = e;
            MatchKind dobKind = DobRule.compare(dob[e], qDob);
            if (dobKind == MatchKind.DOB_MISMATCH) {
                continue; // cannot alert: the penalty outweighs any name
            }
            scored++;
            double s = scorer.score(e, dobKind, qDob, qNat, null);
            if (s <= 0.3) {
                continue;
            }
            if (kept < max || s > bestScore[kept - 1]) {
                int pos = kept < max ? kept++ : kept - 1;
                while (pos > 0 && bestScore[pos - 1] < s) {
                    best[pos] = best[pos - 1];
                    bestScore[pos] = bestScore[pos - 1];
                    pos--;
                }
                best[pos] = e;
                bestScore[pos] = s;
            }
        }
        List<NameMatch> matches = new ArrayList<>(kept);
        for (int i = 0; i < kept; i++) {
            int e = best[i];
            Set<MatchKind> kinds = EnumSet.noneOf(MatchKind.class);
            List<String> why = new ArrayList<>();
            double s = scorer.score(e, DobRule.compare(dob[e], qDob), qDob, qNat, new Scorer.Explain(kinds, why));
            matches.add(new NameMatch(ids[e], s, s >= config.alertThreshold(),
                    kinds, why));
        }
        return new ScreeningResult(matches, scored);
    }

    private int df(int t) {
        return postingStart[t + 1] - postingStart[t];
    }

    private long postingSum(TokenIndex.TokenMatches m) {
        long sum = 0;
        for (int k = 0; k < m.size; k++) {
            sum += postingStart[m.ids[k] + 1] - postingStart[m.ids[k]];
        }
        return sum;
    }

    /** The traveller's name parts, looked up once. */
    static final class Query {
        final List<NameNormaliser.Token> tokens;
        final boolean[] given;
        final TokenIndex.TokenMatches[] matches;
        /** The MRZ name field was full, so its last part may be cut short (9303-3 §4.6.5). */
        final boolean mayBeCutShort;

        private Query(List<NameNormaliser.Token> tokens, boolean[] given, TokenIndex.TokenMatches[] matches,
                      boolean mayBeCutShort) {
            this.tokens = tokens;
            this.given = given;
            this.matches = matches;
            this.mayBeCutShort = mayBeCutShort;
        }

        static Query of(ScreeningQuery query, TokenIndex index) {
            List<NameNormaliser.Token> s = NameNormaliser.tokens(query.surname(), "surname");
            List<NameNormaliser.Token> g = NameNormaliser.tokens(query.givenNames(), "given names");
            if (s.isEmpty() && g.isEmpty()) {
                throw new NameScreeningException(NameScreeningException.Reason.EMPTY_NAME,
                        "traveller has no name parts");
            }
            if (s.size() + g.size() > NameNormaliser.MAX_PARTS) {
                throw new NameScreeningException(NameScreeningException.Reason.TOO_MANY_PARTS,
                        (s.size() + g.size()) + " name parts, at most " + NameNormaliser.MAX_PARTS);
            }
            List<NameNormaliser.Token> all = new ArrayList<>(s);
            all.addAll(g);
            boolean[] given = new boolean[all.size()];
            TokenIndex.TokenMatches[] m = new TokenIndex.TokenMatches[all.size()];
            for (int i = 0; i < all.size(); i++) {
                given[i] = i >= s.size();
                m[i] = new TokenIndex.TokenMatches();
                if (all.get(i).primary().length() > 1) {
                    index.lookup(all.get(i), m[i]);
                }
            }
            return new Query(all, given, m, query.nameFieldFull());
        }

        int size() {
            return tokens.size();
        }

        boolean isInitial(int i) {
            return tokens.get(i).primary().length() == 1;
        }

        /**
         * Weight of a traveller's part left without a counterpart: the listed part it spells (exactly or in
         * another scheme) if there is one, else a neutral 1 (a part nobody on the list carries is not common).
         */
        double weight(int i, float[] weights) {
            TokenIndex.TokenMatches mt = matches[i];
            for (int k = 0; k < mt.size; k++) {
                if (mt.sims[k] >= TokenIndex.SIM_FOLDED) {
                    return weights[mt.ids[k]];
                }
            }
            return 1.0;
        }
    }

    /** Scores one listed person against the query; with an {@link Explain} it also says why. */
    private final class Scorer {
        private final Query q;
        private final int n;
        private final float[] sim = new float[NameNormaliser.MAX_PARTS * NameNormaliser.MAX_PARTS];
        private final MatchKind[] kind = new MatchKind[NameNormaliser.MAX_PARTS * NameNormaliser.MAX_PARTS];
        private final boolean[] qUsed = new boolean[NameNormaliser.MAX_PARTS];
        private final boolean[] eUsed = new boolean[NameNormaliser.MAX_PARTS];
        private final int[] matchedParts = new int[NameNormaliser.MAX_PARTS];
        /** The traveller's part each matched listed part was paired with. */
        private final int[] matchedQuery = new int[NameNormaliser.MAX_PARTS];
        private final byte qSex;
        /** Carrier counts by matched part set: many candidates of one query share the same common parts. */
        private final java.util.HashMap<Long, Integer> carriers = new java.util.HashMap<>();

        record Explain(Set<MatchKind> kinds, List<String> why) {
        }

        Scorer(Query q, byte qSex) {
            this.q = q;
            this.n = q.size();
            this.qSex = qSex;
        }

        /**
         * Listed persons who carry, for each of the {@code k} matched pairs, the entry's part or one the
         * traveller's part spells (exactly, in another scheme, folded); counted up to {@link #COMMON_CAP} and
         * cached per query.
         */
        int carriersOf(int[] entryIds, int[] queryParts, int k) {
            long key = k;
            for (int i = 0; i < k; i++) {
                int qi = queryParts[i];
                // a pair whose entry part the traveller's part spells is the same for every candidate
                key = key * 0x9E3779B97F4A7C15L + qi;
                if (!spells(qi, entryIds[i])) {
                    key = key * 0x9E3779B97F4A7C15L + entryIds[i] + 1;
                }
            }
            Integer cached = carriers.get(key);
            if (cached != null) {
                return cached;
            }
            int[][] groups = new int[k][];
            int shortest = 0;
            long shortestDf = Long.MAX_VALUE;
            for (int i = 0; i < k; i++) {
                groups[i] = spellingsOf(queryParts[i], entryIds[i]);
                long total = 0;
                for (int t : groups[i]) {
                    total += df(t);
                }
                if (total < shortestDf) {
                    shortestDf = total;
                    shortest = i;
                }
            }
            int count = 0;
            int[] walk = groups[shortest];
            for (int g = 0; g < walk.length && count < COMMON_CAP; g++) {
                postings:
                for (int p = postingStart[walk[g]]; p < postingStart[walk[g] + 1] && count < COMMON_CAP; p++) {
                    int e = postings[p];
                    for (int h = 0; h < g; h++) {
                        if (carries(walk[h], e)) {
                            continue postings; // counted already under an earlier part of the group
                        }
                    }
                    for (int i = 0; i < k; i++) {
                        if (i != shortest && !carriesAny(groups[i], e)) {
                            continue postings;
                        }
                    }
                    count++;
                }
            }
            carriers.put(key, count);
            return count;
        }

        /** Whether the traveller's part {@code qi} spells listed part {@code t} (not merely near it). */
        private boolean spells(int qi, int t) {
            TokenIndex.TokenMatches mt = q.matches[qi];
            int k = mt.indexOf(t);
            return k >= 0 && mt.sims[k] >= TokenIndex.SIM_FOLDED;
        }

        /** The listed parts the traveller's part spells, and the entry's part. */
        private int[] spellingsOf(int qi, int entryPart) {
            TokenIndex.TokenMatches mt = q.matches[qi];
            int[] out = new int[mt.size + 1];
            int len = 0;
            for (int k = 0; k < mt.size; k++) {
                if (mt.sims[k] >= TokenIndex.SIM_FOLDED) {
                    out[len++] = mt.ids[k];
                }
            }
            if (!spells(qi, entryPart)) {
                out[len++] = entryPart;
            }
            return Arrays.copyOf(out, len);
        }

        private boolean carriesAny(int[] group, int e) {
            for (int t : group) {
                if (carries(t, e)) {
                    return true;
                }
            }
            return false;
        }

        private boolean carries(int t, int e) {
            return Arrays.binarySearch(postings, postingStart[t], postingStart[t + 1], e) >= 0;
        }

        double score(int e, MatchKind dobKind, int qDob, short qNat, Explain explain) {
            int start = partStart[e];
            int m = partStart[e + 1] - start;
            for (int i = 0; i < n; i++) {
                boolean initial = q.isInitial(i);
                // 9303-3 §4.6.5 cuts a name only when it does not fit the field: a field with room left is whole
                boolean last = q.mayBeCutShort && (i == n - 1 || (!q.given[i] && q.given[i + 1]));
                String qp = q.tokens.get(i).primary();
                for (int j = 0; j < m; j++) {
                    int t = parts[start + j] & ID_MASK;
                    int cell = i * m + j;
                    sim[cell] = 0;
                    kind[cell] = null;
                    if (initial) {
                        if (index.primary(t).charAt(0) == qp.charAt(0)) {
                            sim[cell] = SIM_INITIAL;
                            kind[cell] = MatchKind.INITIAL;
                        }
                        continue;
                    }
                    int k = q.matches[i].indexOf(t);
                    if (k >= 0) {
                        sim[cell] = q.matches[i].sims[k];
                        kind[cell] = q.matches[i].kinds[k];
                    } else if (last && qp.length() >= 3 && index.primary(t).length() > qp.length()
                            && index.primary(t).startsWith(qp)) {
                        // 9303-3 §4.6.5: a full name field cuts the last part short
                        sim[cell] = SIM_TRUNCATED;
                        kind[cell] = MatchKind.TRUNCATED;
                    } else if (index.primary(t).length() == 1 && index.primary(t).charAt(0) == qp.charAt(0)) {
                        sim[cell] = SIM_INITIAL;
                        kind[cell] = MatchKind.INITIAL;
                    }
                }
            }
            Arrays.fill(qUsed, 0, n, false);
            Arrays.fill(eUsed, 0, m, false);
            double sum = 0;
            double matchedWeight = 0;
            int matched = 0;
            boolean swapped = false;
            while (true) {
                int bi = -1;
                int bj = -1;
                float bs = 0;
                for (int i = 0; i < n; i++) {
                    if (qUsed[i]) {
                        continue;
                    }
                    for (int j = 0; j < m; j++) {
                        if (!eUsed[j] && sim[i * m + j] > bs) {
                            bs = sim[i * m + j];
                            bi = i;
                            bj = j;
                        }
                    }
                }
                if (bi < 0) {
                    break;
                }
                qUsed[bi] = true;
                eUsed[bj] = true;
                matchedParts[matched] = parts[start + bj] & ID_MASK;
                matchedQuery[matched] = bi;
                double w = weight[parts[start + bj] & ID_MASK];
                sum += w * bs;
                matchedWeight += w;
                matched++;
                boolean eGiven = (parts[start + bj] & GIVEN_BIT) != 0;
                if (eGiven != q.given[bi]) {
                    swapped = true;
                }
                if (explain != null) {
                    explain.kinds.add(kind[bi * m + bj]);
                    explain.why.add(role(start, m, bj) + ": " + describe(kind[bi * m + bj])
                            + commonNote(parts[start + bj] & ID_MASK));
                }
            }
            boolean conflict = n > matched && m > matched;
            double leftover = 0;
            for (int j = 0; j < m; j++) {
                if (!eUsed[j]) {
                    double w = weight[parts[start + j] & ID_MASK];
                    leftover += conflict ? Math.max(CONFLICT_FLOOR, w) : ONE_SIDED_PART;
                }
            }
            for (int i = 0; i < n; i++) {
                if (!qUsed[i]) {
                    double w = q.weight(i, weight);
                    leftover += conflict ? Math.max(CONFLICT_FLOOR, w) : ONE_SIDED_PART;
                }
            }
            double name = matched == 0 ? 0
                    : sum / (matchedWeight + (conflict ? CONFLICT_WEIGHT : UNMATCHED_WEIGHT) * leftover);
            if (swapped) {
                name -= SWAP_PENALTY;
            }
            double score = name + DobRule.adjustment(dob[e], qDob, dobKind);
            MatchKind natKind = null;
            short eNat = nationality[e];
            if (eNat != 0 && qNat != 0) {
                natKind = eNat == qNat ? MatchKind.NATIONALITY_MATCH : MatchKind.NATIONALITY_DIFFERENT;
                score += eNat == qNat ? NATIONALITY_BONUS : NATIONALITY_PENALTY;
            }
            boolean sexDiffers = Sex.conflicts(sex[e], qSex);
            if (sexDiffers) {
                score += SEX_PENALTY;
            }
            // Commonness only matters when the date leaves room for namesakes and the match could alert.
            double weakness = DobRule.weakness(dob[e], qDob, dobKind);
            int sharing = 0;
            if (weakness > 0 && matched > 0 && score >= config.alertThreshold() - 0.05) {
                sharing = carriersOf(matchedParts, matchedQuery, matched);
                if (sharing > 1) {
                    score -= weakness * COMMON_NAT * Math.log(sharing);
                }
            }
            if (explain != null) {
                if (swapped) {
                    explain.kinds.add(MatchKind.SWAPPED_PARTS);
                    explain.why.add("surname and given names swapped");
                }
                for (int j = 0; j < m; j++) {
                    if (!eUsed[j]) {
                        explain.kinds.add(MatchKind.MISSING_PART);
                        explain.why.add(role(start, m, j) + " on the list, not on the document");
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (!qUsed[i]) {
                        explain.kinds.add(MatchKind.MISSING_PART);
                        explain.why.add("document " + (q.given[i] ? "given name" : "surname") + " part "
                                + (i + 1) + " not on the list");
                    }
                }
                explain.kinds.add(dobKind);
                explain.why.add("date of birth: " + describe(dobKind));
                if (natKind != null) {
                    explain.kinds.add(natKind);
                    explain.why.add("nationality: " + describe(natKind));
                }
                if (sexDiffers) {
                    explain.kinds.add(MatchKind.SEX_DIFFERENT);
                    explain.why.add("sex: different");
                }
                if (sharing > 1) {
                    explain.kinds.add(MatchKind.COMMON_NAME);
                    explain.why.add("common name: " + (sharing >= COMMON_CAP ? "over " + COMMON_CAP : sharing)
                            + " listed persons carry these name parts, and the date is weak");
                }
            }
            return Math.max(0, Math.min(1, score));
        }

        private String commonNote(int t) {
            int df = postingStart[t + 1] - postingStart[t];
            return df >= COMMON_MIN_PERSONS && weight[t] < 0.75 ? " (common part: " + df + " on the list)" : "";
        }

        private String role(int start, int m, int j) {
            boolean g = (parts[start + j] & GIVEN_BIT) != 0;
            int ordinal = 0;
            for (int k = 0; k <= j; k++) {
                if (((parts[start + k] & GIVEN_BIT) != 0) == g) {
                    ordinal++;
                }
            }
            if (!g) {
                return ordinal == 1 ? "surname" : "surname part " + ordinal;
            }
            return "given name " + ordinal;
        }
    }

    static String describe(MatchKind k) {
        return switch (k) {
            case EXACT -> "exact";
            case TRANSLITERATION -> "transliteration variant";
            case PHONETIC -> "sounds alike";
            case TYPO -> "one typo";
            case INITIAL -> "initial only";
            case TRUNCATED -> "cut short (full MRZ field)";
            case SWAPPED_PARTS -> "surname and given names swapped";
            case MISSING_PART -> "missing part";
            case DOB_EXACT -> "exact";
            case DOB_PARTIAL -> "agrees on the known parts";
            case DOB_YEAR_CLOSE -> "year ±1";
            case DOB_DAY_MONTH_SWAPPED -> "day and month swapped";
            case DOB_UNKNOWN -> "unknown on one side";
            case DOB_MISMATCH -> "contradicts";
            case NATIONALITY_MATCH -> "same";
            case NATIONALITY_DIFFERENT -> "different";
            case SEX_DIFFERENT -> "sex different";
            case COMMON_NAME -> "common name with a weak date";
        };
    }

    @Override
    public String toString() {
        return "PersonWatchlist[" + ids.length + " persons, " + index.size() + " distinct name parts, threshold "
                + config.alertThreshold() + "]";
    }
}
