package org.openegate.crypto.mrz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.mrz.MrzException.Reason;

/** Reader output that is not an MRZ: every case is an {@link MrzException} with a reason, never anything else. */
class MrzHostileInputTest {

    private static final String L1 = MrzTest.TD3_L1;
    private static final String L2 = MrzTest.TD3_L2;

    private static MrzException refused(ThrowingCallable call, Reason reason) {
        List<MrzException> caught = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(MrzException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).startsWith(reason.name());
            caught.add(e);
        });
        return caught.get(0);
    }

    @Test
    void nulls_areRefusedAsNullInput() {
        refused(() -> Mrz.parse((String[]) null), Reason.NULL_INPUT);
        refused(() -> Mrz.parse((List<String>) null), Reason.NULL_INPUT);
        refused(() -> Mrz.parse((String) null), Reason.NULL_INPUT);
        MrzException e = refused(() -> Mrz.parse(L1, null), Reason.NULL_INPUT);
        assertThat(e.getMessage()).contains("argument 2");
        refused(() -> Mrz.parse(Arrays.asList(L1, null)), Reason.NULL_INPUT);
    }

    @Test
    void emptyAndBlank_areRefusedAsEmpty() {
        refused(() -> Mrz.parse(), Reason.EMPTY_INPUT);
        refused(() -> Mrz.parse(""), Reason.EMPTY_INPUT);
        refused(() -> Mrz.parse(" \r\n\t "), Reason.EMPTY_INPUT);
        refused(() -> Mrz.parse(List.of()), Reason.EMPTY_INPUT);
        refused(() -> Mrz.parse("", "", ""), Reason.EMPTY_INPUT);
    }

    @Test
    void thousandCharacterLine_isRefusedBeforeSplitting() {
        String huge = "<".repeat(1000);
        MrzException e = refused(() -> Mrz.parse(huge), Reason.INPUT_TOO_LONG);
        assertThat(e.getMessage()).doesNotContain("<<<<");
        refused(() -> Mrz.parse(L1, huge), Reason.INPUT_TOO_LONG);
        refused(() -> Mrz.parse("A".repeat(MrzParser.MAX_INPUT_CHARS + 1)), Reason.INPUT_TOO_LONG);
        // Many small arguments add up too.
        String[] many = new String[10_000];
        Arrays.fill(many, "P<");
        refused(() -> Mrz.parse(many), Reason.INPUT_TOO_LONG);
    }

    @Test
    void wrongLineCounts_andLengths_nameTheLine() {
        refused(() -> Mrz.parse(L1, L2, L1, L2), Reason.BAD_LINE_COUNT);
        refused(() -> Mrz.parse(L1 + " " + L2 + " X\nY"), Reason.BAD_LINE_COUNT);
        MrzException shortLine = refused(() -> Mrz.parse(L1, L2.substring(1)), Reason.BAD_LINE_LENGTH);
        assertThat(shortLine.line()).isEqualTo(2);
        assertThat(shortLine.getMessage()).contains("43", "44");
        MrzException td1 = refused(() -> Mrz.parse(MrzTest.TD1_L1, MrzTest.TD1_L2, MrzTest.TD1_L3 + "<"),
                Reason.BAD_LINE_LENGTH);
        assertThat(td1.line()).isEqualTo(3);
        refused(() -> Mrz.parse(L1 + L2 + "<"), Reason.BAD_LINE_LENGTH);
        refused(() -> Mrz.parse(MrzTest.TD1_L1, MrzTest.TD1_L2), Reason.BAD_LINE_LENGTH);
        refused(() -> Mrz.parse("P<UTO", "L898"), Reason.BAD_LINE_LENGTH);
        // A space inside a line (a blank read as such) splits it: the pieces have no MRZ length.
        MrzException blank = refused(() -> Mrz.parse(L1.replace("ERIKSSON<", "ERIKSSON ") + "\n" + L2),
                Reason.BAD_LINE_LENGTH);
        assertThat(blank.line()).isEqualTo(1);
    }

    @Test
    void lowercase_isABadCharacterWithFieldAndPosition() {
        MrzException e = refused(() -> Mrz.parse(L1.toLowerCase(java.util.Locale.ROOT), L2), Reason.BAD_CHARACTER);
        assertThat(e.field()).isEqualTo("documentCode");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.position()).isEqualTo(1);
        MrzException name = refused(() -> Mrz.parse(L1.replace("ANNA", "AnNA"), L2), Reason.BAD_CHARACTER);
        assertThat(name.field()).isEqualTo("names");
        assertThat(name.position()).isEqualTo(17);
        MrzException sex = refused(() -> Mrz.parse(L1, L2.replace("2F12", "2f12")), Reason.BAD_CHARACTER);
        assertThat(sex.field()).isEqualTo("sex");
        assertThat(sex.position()).isEqualTo(21);
    }

    @Test
    void unicode_isABadCharacter_andTheMessageNamesOnlyTheCodePoint() {
        MrzException e = refused(() -> Mrz.parse(L1.replace("ERIKSSON<", "ÉRIKSSON<"), L2), Reason.BAD_CHARACTER);
        assertThat(e.field()).isEqualTo("names");
        assertThat(e.getMessage()).contains("U+00C9").doesNotContain("RIKSSON");
        // Emoji (a surrogate pair) keeps the length arithmetic in UTF-16 units and is refused the same way.
        refused(() -> Mrz.parse(L1.substring(0, 42) + "\uD83D\uDE00", L2), Reason.BAD_CHARACTER);
        // Non-ASCII whitespace is not a line separator.
        refused(() -> Mrz.parse(L1 + "\u2028" + L2), Reason.BAD_LINE_LENGTH);
        refused(() -> Mrz.parse(L1.substring(0, 43) + "\u0000", L2), Reason.BAD_CHARACTER);
        refused(() -> Mrz.parse(L1, L2.replace('<', '«')), Reason.BAD_CHARACTER);
    }

    @Test
    void badSexAndDocumentCode_areRefused() {
        MrzException sex = refused(() -> Mrz.parse(L1, L2.replace("2F12", "2Q12")), Reason.BAD_SEX);
        assertThat(sex.field()).isEqualTo("sex");
        assertThat(sex.line()).isEqualTo(2);
        assertThat(sex.position()).isEqualTo(21);
        refused(() -> Mrz.parse("<" + L1.substring(1), L2), Reason.BAD_DOCUMENT_CODE);
        refused(() -> Mrz.parse("1" + L1.substring(1), L2), Reason.BAD_DOCUMENT_CODE);
    }

    /**
     * Regression: an all-filler TD1 once came out valid, because a '&lt;' check digit was accepted for any field
     * that was all fillers. Only the unused TD3 optional data may carry '&lt;' (9303-4); elsewhere it fails.
     */
    @Test
    void allFillerTd1_isNotValid_regression() {
        refused(() -> Mrz.parse("<".repeat(44), "<".repeat(44)), Reason.BAD_DOCUMENT_CODE);
        Mrz m = Mrz.parse("I" + "<".repeat(29), "<".repeat(30), "<".repeat(30));
        assertThat(m.format()).isEqualTo(Mrz.Format.TD1);
        assertThat(m.documentNumber()).isEmpty();
        assertThat(m.surname()).isEmpty();
        assertThat(m.givenNames()).isEmpty();
        assertThat(m.checks()).containsOnly(java.util.Map.entry("documentNumber", false),
                java.util.Map.entry("dateOfBirth", false), java.util.Map.entry("dateOfExpiry", false),
                java.util.Map.entry("composite", false));
        assertThat(m.valid()).isFalse();
        assertThat(m.checkStatus()).isEqualTo(org.openegate.crypto.CheckStatus.FAILED);
        assertThat(m.mrzInformation()).isEqualTo("<".repeat(24));
        refused(() -> m.resolvedDateOfBirth(java.time.Clock.systemUTC()), Reason.BAD_DATE);
        // The same shape as TD3: only the unused optional data's '<' check digit holds.
        Mrz td3 = Mrz.parse("P" + "<".repeat(43), "<".repeat(44));
        assertThat(td3.checks()).containsEntry("optionalData", true).containsEntry("composite", false);
        assertThat(td3.valid()).isFalse();
    }

    @Test
    void recordConstructor_refusesInconsistentValues() {
        Mrz ok = Mrz.parse(L1, L2);
        assertThatThrownBy(() -> new Mrz(ok.format(), ok.documentCode(), ok.issuingState(), ok.documentNumber(),
                ok.nationality(), ok.dateOfBirth(), ok.sex(), ok.dateOfExpiry(), ok.surname(), ok.givenNames(),
                ok.optionalData(), ok.optionalData2(), ok.checks(), false, ok.lines()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradicts");
        assertThatThrownBy(() -> new Mrz(Mrz.Format.TD1, ok.documentCode(), ok.issuingState(),
                ok.documentNumber(), ok.nationality(), ok.dateOfBirth(), ok.sex(), ok.dateOfExpiry(), ok.surname(),
                ok.givenNames(), ok.optionalData(), ok.optionalData2(), ok.checks(), true, ok.lines()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TD1");
        assertThatThrownBy(() -> ok.checks().put("composite", false))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ok.lines().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
