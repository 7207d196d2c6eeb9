package org.openegate.gate.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.mrz.Mrz;

/** What a compiled rule set refers: conjunction, unknown attributes, time zones, derived ages. */
class RiskProfilesEvaluationTest {

    /** 2026-11-28 is a Saturday. 21:30 UTC is 22:30 in Berlin (CET, UTC+1). */
    private static final Instant SATURDAY_EVENING = Instant.parse("2026-11-28T21:30:00Z");

    private static RiskProfiles compile(String json) throws RiskProfileException {
        return RiskProfiles.compile(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static RiskProfiles oneRule(String when) throws RiskProfileException {
        return compile(RiskProfilesGrammarTest.bundle(when));
    }

    /** An adult UTO woman with a P passport issued 2020-01-15, expiring 2030-01-14, leaving. */
    private static TravellerAttributes traveller(Instant at) {
        return new TravellerAttributes(Optional.of("UTO"), Optional.of("UTO"), Optional.of(Mrz.Sex.FEMALE),
                Optional.of("P"), Optional.of(LocalDate.of(1990, 6, 1)), Optional.of(LocalDate.of(2020, 1, 15)),
                Optional.of(LocalDate.of(2030, 1, 14)), Optional.of(Direction.EXIT), at);
    }

    private static TravellerAttributes unknownEverything(Instant at) {
        return new TravellerAttributes(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), at);
    }

    @Test
    void evaluate_everyConditionMustHold() throws Exception {
        RiskProfiles both = oneRule("{'nationality':{'in':['UTO']},'direction':{'in':['EXIT']}}");
        RiskProfiles oneWrong = oneRule("{'nationality':{'in':['UTO']},'direction':{'in':['ENTRY']}}");
        assertThat(both.evaluate(traveller(SATURDAY_EVENING))).containsExactly(new RuleHit("r-1", "check"));
        assertThat(oneWrong.evaluate(traveller(SATURDAY_EVENING))).isEmpty();
    }

    @Test
    void evaluate_returnsEveryHitInBundleOrder() throws Exception {
        RiskProfiles profiles = compile("{'format':'openegate.risk-profiles.v1','rules':["
                + "{'id':'z','reason':'first','when':{'sex':{'in':['F']}}},"
                + "{'id':'m','reason':'never','when':{'sex':{'in':['M']}}},"
                + "{'id':'a','reason':'third','when':{'issuingState':{'notIn':['D']}}}]}");
        assertThat(profiles.evaluate(traveller(SATURDAY_EVENING)))
                .containsExactly(new RuleHit("z", "first"), new RuleHit("a", "third"));
    }

    @Test
    void evaluate_aConditionOnAnUnknownAttributeIsFalseEvenWhenNegated() throws Exception {
        for (String when : List.of("{'nationality':{'notIn':['UTO']}}", "{'age':{'min':0}}",
                "{'documentAgeDays':{'min':-36500}}", "{'daysToExpiry':{'max':36500}}", "{'direction':{'notIn':['ENTRY']}}",
                "{'sex':{'notIn':['M']}}", "{'documentCode':{'notIn':['I']}}")) {
            assertThat(oneRule(when).evaluate(unknownEverything(SATURDAY_EVENING))).as(when).isEmpty();
        }
    }

    @Test
    void evaluate_ageIsTakenAtTheCrossingDateInThePolicyZone() throws Exception {
        // Born 2008-11-29: 17 until 2008+18 = 2026-11-29. At 23:30 UTC on the 28th it is already the 29th in Tokyo.
        TravellerAttributes teen = new TravellerAttributes(Optional.of("UTO"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(LocalDate.of(2008, 11, 29)), Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.parse("2026-11-28T23:30:00Z"));
        String minor = "{'age':{'max':17}}";
        assertThat(oneRule(minor).evaluate(teen)).hasSize(1);
        String tokyo = RiskProfilesGrammarTest.bundle(minor).replace("\"rules\"", "\"timeZone\":\"Asia/Tokyo\",\"rules\"");
        assertThat(compile(tokyo).evaluate(teen)).isEmpty();
    }

    @Test
    void evaluate_rangesAreInclusive() throws Exception {
        // 36 on 2026-11-28.
        assertThat(oneRule("{'age':{'min':36,'max':36}}").evaluate(traveller(SATURDAY_EVENING))).hasSize(1);
        assertThat(oneRule("{'age':{'min':37}}").evaluate(traveller(SATURDAY_EVENING))).isEmpty();
        assertThat(oneRule("{'age':{'max':35}}").evaluate(traveller(SATURDAY_EVENING))).isEmpty();
    }

    @Test
    void evaluate_documentAgeUsesTheIssueDateOrElseExpiryMinusAssumedValidity() throws Exception {
        Instant at = Instant.parse("2020-02-14T12:00:00Z"); // 30 days after the issue date 2020-01-15
        RiskProfiles recent = oneRule("{'documentAgeDays':{'max':30}}");
        assertThat(recent.evaluate(traveller(at))).hasSize(1);
        assertThat(recent.evaluate(traveller(at.plusSeconds(86_400)))).isEmpty();
        // No issue date: expiry 2030-01-14 minus 10 years is 2020-01-14, so one day older.
        TravellerAttributes noIssue = new TravellerAttributes(Optional.of("UTO"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(LocalDate.of(2030, 1, 14)),
                Optional.empty(), at.minusSeconds(86_400));
        assertThat(recent.evaluate(noIssue)).hasSize(1);
        assertThat(recent.evaluate(new TravellerAttributes(noIssue.nationality(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), noIssue.dateOfExpiry(), Optional.empty(), at)))
                .isEmpty();
        // A 5-year document policy moves the estimate by five years.
        String five = RiskProfilesGrammarTest.bundle("{'documentAgeDays':{'min':1800}}")
                .replace("\"rules\"", "\"assumedValidityYears\":5,\"rules\"");
        assertThat(compile(five).evaluate(noIssue)).isEmpty();
        assertThat(oneRule("{'documentAgeDays':{'min':1800}}").evaluate(noIssue)).isEmpty();
    }

    @Test
    void evaluate_daysToExpiry() throws Exception {
        Instant at = Instant.parse("2029-12-15T12:00:00Z"); // 30 days before 2030-01-14
        assertThat(oneRule("{'daysToExpiry':{'max':30}}").evaluate(traveller(at))).hasSize(1);
        assertThat(oneRule("{'daysToExpiry':{'max':29}}").evaluate(traveller(at))).isEmpty();
    }

    @Test
    void evaluate_timeOfDayWindowsWrapMidnightInThePolicyZone() throws Exception {
        String night = "{'localTime':{'from':'22:00','to':'06:00'}}";
        String berlin = RiskProfilesGrammarTest.bundle(night).replace("\"rules\"", "\"timeZone\":\"Europe/Berlin\",\"rules\"");
        assertThat(compile(berlin).evaluate(traveller(SATURDAY_EVENING))).hasSize(1); // 22:30 Berlin
        assertThat(oneRule(night).evaluate(traveller(SATURDAY_EVENING))).isEmpty(); // 21:30 UTC
        assertThat(oneRule(night).evaluate(traveller(Instant.parse("2026-11-29T05:59:00Z")))).hasSize(1);
        assertThat(oneRule(night).evaluate(traveller(Instant.parse("2026-11-29T06:00:00Z")))).isEmpty();
        String day = "{'localTime':{'from':'09:00','to':'17:00'}}";
        assertThat(oneRule(day).evaluate(traveller(Instant.parse("2026-11-29T09:00:00Z")))).hasSize(1);
        assertThat(oneRule(day).evaluate(traveller(Instant.parse("2026-11-29T17:00:00Z")))).isEmpty();
    }

    @Test
    void evaluate_daysOfWeekAndPeriod() throws Exception {
        assertThat(oneRule("{'daysOfWeek':{'in':['SAT']}}").evaluate(traveller(SATURDAY_EVENING))).hasSize(1);
        String sundayInTokyo = RiskProfilesGrammarTest.bundle("{'daysOfWeek':{'in':['SUN']}}")
                .replace("\"rules\"", "\"timeZone\":\"Asia/Tokyo\",\"rules\"");
        assertThat(compile(sundayInTokyo).evaluate(traveller(SATURDAY_EVENING))).hasSize(1);
        RiskProfiles december = oneRule("{'period':{'from':'2026-12-01T00:00:00Z','until':'2027-01-01T00:00:00Z'}}");
        assertThat(december.evaluate(traveller(SATURDAY_EVENING))).isEmpty();
        assertThat(december.evaluate(traveller(Instant.parse("2026-12-01T00:00:00Z")))).hasSize(1);
        assertThat(december.evaluate(traveller(Instant.parse("2027-01-01T00:00:00Z")))).isEmpty();
    }

    @Test
    void evaluate_aOneLetterDocumentCodeNamesTheFamily() throws Exception {
        TravellerAttributes diplomat = new TravellerAttributes(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("PD"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                SATURDAY_EVENING);
        assertThat(oneRule("{'documentCode':{'in':['P']}}").evaluate(diplomat)).hasSize(1);
        assertThat(oneRule("{'documentCode':{'in':['PD']}}").evaluate(diplomat)).hasSize(1);
        assertThat(oneRule("{'documentCode':{'in':['PO']}}").evaluate(diplomat)).isEmpty();
        assertThat(oneRule("{'documentCode':{'notIn':['P']}}").evaluate(diplomat)).isEmpty();
    }

    @Test
    void attributes_fromAnMrzResolveDatesAgainstTheClock() throws Exception {
        Mrz mrz = Mrz.parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
        Clock clock = Clock.fixed(Instant.parse("2010-06-01T10:00:00Z"), ZoneOffset.UTC);
        TravellerAttributes t = TravellerAttributes.of(mrz, Optional.empty(), Optional.of(Direction.ENTRY), clock);
        assertThat(t.dateOfBirth()).contains(LocalDate.of(1974, 8, 12));
        assertThat(t.dateOfExpiry()).contains(LocalDate.of(2012, 4, 15));
        assertThat(t.at()).isEqualTo(clock.instant());
        assertThat(oneRule("{'age':{'min':35,'max':35},'nationality':{'in':['UTO']},'sex':{'in':['F']}}")
                .evaluate(t)).hasSize(1);
    }

    @Test
    void attributes_toStringHasNoDates() {
        String text = traveller(SATURDAY_EVENING).toString();
        assertThat(text).doesNotContain("1990").doesNotContain("2020").doesNotContain("2030").contains("redacted");
    }
}
