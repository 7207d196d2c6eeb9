package org.openegate.gate.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openegate.gate.risk.rules.RiskProfileException.Reason;

/** The rule language's grammar: what compiles, and for what does not, the reason, rule id and position. */
class RiskProfilesGrammarTest {

    /** A bundle of one rule whose {@code when} is {@code when}. Single quotes stand for double quotes. */
    static String bundle(String when) {
        return ("{'format':'openegate.risk-profiles.v1','rules':[{'id':'r-1','reason':'check','when':" + when + "}]}")
                .replace('\'', '"');
    }

    static byte[] bytes(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static RiskProfileException refusal(String json) {
        return catchThrowableOfType(() -> RiskProfiles.compile(bytes(json)), RiskProfileException.class);
    }

    @Test
    void compile_acceptsEveryAttributeOfTheLanguage() throws Exception {
        String json = """
                {"format": "openegate.risk-profiles.v1",
                 "timeZone": "Europe/Berlin",
                 "assumedValidityYears": 10,
                 "rules": [
                   {"id": "minor-exit-night", "reason": "Minor leaving at night: check the accompanying adult",
                    "action": "REFER", "description": "Child-protection profile, 2026 winter",
                    "when": {"age": {"max": 17}, "direction": {"in": ["EXIT"]},
                             "localTime": {"from": "22:00", "to": "06:00"}}},
                   {"id": "new-doc.route-x", "reason": "Recently issued document on a watched route",
                    "when": {"nationality": {"in": ["UTO", "D", "XXA"]}, "issuingState": {"notIn": ["UTO"]},
                             "documentCode": {"in": ["P"]}, "documentAgeDays": {"max": 30},
                             "sex": {"in": ["F", "M", "X", "<"]}, "daysToExpiry": {"min": 0},
                             "daysOfWeek": {"in": ["SAT", "SUN"]},
                             "period": {"from": "2026-12-01T00:00:00Z", "until": "2027-01-01T00:00:00+01:00"}}}
                 ]}""";
        RiskProfiles profiles = RiskProfiles.compile(json.getBytes(StandardCharsets.UTF_8));
        assertThat(profiles.ruleIds()).containsExactly("minor-exit-night", "new-doc.route-x");
        assertThat(profiles.timeZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(profiles.toString()).isEqualTo("RiskProfiles[2 rules, Europe/Berlin]");
    }

    @Test
    void compile_anEmptyRuleListIsAValidBundleThatRefersNobody() throws Exception {
        assertThat(RiskProfiles.compile(bytes("{'format':'openegate.risk-profiles.v1','rules':[]}")).size()).isZero();
    }

    static Stream<Arguments> badBundles() {
        return Stream.of(
                // shape of the document
                Arguments.of("{", Reason.MALFORMED_JSON, null, "line 1 column 2"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[]} {}", Reason.MALFORMED_JSON, null, "line 1"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','format':'x','rules':[]}", Reason.MALFORMED_JSON, null, "line 1"),
                Arguments.of("", Reason.MALFORMED_JSON, null, ""),
                Arguments.of("[]", Reason.WRONG_TYPE, null, ""),
                Arguments.of("{'rules':[]}", Reason.MISSING_FIELD, null, "/format"),
                Arguments.of("{'format':'openegate.risk-profiles.v2','rules':[]}", Reason.UNSUPPORTED_FORMAT, null, "/format"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[],'extra':1}", Reason.UNKNOWN_FIELD, null, "/extra"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':{}}", Reason.WRONG_TYPE, null, "/rules"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','timeZone':'Mars/Olympus','rules':[]}", Reason.BAD_TIME_ZONE, null, "/timeZone"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','assumedValidityYears':0,'rules':[]}", Reason.BAD_VALUE, null, "/assumedValidityYears"),
                // a rule's own members
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'reason':'x','when':{'age':{'max':1}}}]}", Reason.MISSING_FIELD, null, "/rules/0/id"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'id':'a b','reason':'x','when':{'age':{'max':1}}}]}", Reason.BAD_ID, null, "/rules/0/id"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'id':'a','reason':'x','when':{'age':{'max':1}}},"
                        + "{'id':'a','reason':'y','when':{'age':{'max':2}}}]}", Reason.DUPLICATE_ID, "a", "/rules/1/id"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'id':'a','reason':' ','when':{'age':{'max':1}}}]}", Reason.BAD_REASON, "a", "/rules/0/reason"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'id':'a','reason':'x\\u0007','when':{'age':{'max':1}}}]}", Reason.BAD_REASON, "a", "/rules/0/reason"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'id':'a','reason':'x','action':'REJECT','when':{'age':{'max':1}}}]}", Reason.UNSUPPORTED_ACTION, "a", "/rules/0/action"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'id':'a','reason':'x','priority':1,'when':{'age':{'max':1}}}]}", Reason.UNKNOWN_FIELD, "a", "/rules/0/priority"),
                Arguments.of("{'format':'openegate.risk-profiles.v1','rules':[{'id':'a','reason':'x'}]}", Reason.MISSING_FIELD, "a", "/rules/0/when"),
                // conditions
                Arguments.of(bundle("{}"), Reason.EMPTY_CONDITION, "r-1", "/rules/0/when"),
                Arguments.of(bundle("{'height':{'min':1}}"), Reason.UNKNOWN_ATTRIBUTE, "r-1", "/rules/0/when/height"),
                Arguments.of(bundle("{'nationality':['UTO']}"), Reason.WRONG_TYPE, "r-1", "/rules/0/when/nationality"),
                Arguments.of(bundle("{'nationality':{'in':[]}}"), Reason.EMPTY_CONDITION, "r-1", "/rules/0/when/nationality/in"),
                Arguments.of(bundle("{'nationality':{'in':['UTO'],'notIn':['D']}}"), Reason.MISSING_FIELD, "r-1", "/rules/0/when/nationality"),
                Arguments.of(bundle("{'nationality':{'in':['UTO','D<<']}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/nationality/in/1"),
                Arguments.of(bundle("{'nationality':{'in':['uto']}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/nationality/in/0"),
                Arguments.of(bundle("{'nationality':{'in':[7]}}"), Reason.WRONG_TYPE, "r-1", "/rules/0/when/nationality/in/0"),
                Arguments.of(bundle("{'nationality':{'any':['UTO']}}"), Reason.UNKNOWN_FIELD, "r-1", "/rules/0/when/nationality/any"),
                Arguments.of(bundle("{'sex':{'in':['W']}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/sex/in/0"),
                Arguments.of(bundle("{'direction':{'in':['IN']}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/direction/in/0"),
                Arguments.of(bundle("{'documentCode':{'in':['PASS']}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/documentCode/in/0"),
                Arguments.of(bundle("{'age':{'min':18,'max':17}}"), Reason.EMPTY_RANGE, "r-1", "/rules/0/when/age"),
                Arguments.of(bundle("{'age':{'min':17.5}}"), Reason.WRONG_TYPE, "r-1", "/rules/0/when/age/min"),
                Arguments.of(bundle("{'age':{'min':'17'}}"), Reason.WRONG_TYPE, "r-1", "/rules/0/when/age/min"),
                Arguments.of(bundle("{'age':{'max':151}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/age/max"),
                Arguments.of(bundle("{'age':{}}"), Reason.MISSING_FIELD, "r-1", "/rules/0/when/age"),
                // Jackson's number-length limit reports no location.
                Arguments.of(bundle("{'age':{'max':99999999999999999999999}}"), Reason.MALFORMED_JSON, null, ""),
                Arguments.of(bundle("{'localTime':{'from':'22:00','to':'22:00'}}"), Reason.EMPTY_RANGE, "r-1", "/rules/0/when/localTime"),
                Arguments.of(bundle("{'localTime':{'from':'24:00','to':'06:00'}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/localTime/from"),
                Arguments.of(bundle("{'localTime':{'from':'22:00'}}"), Reason.MISSING_FIELD, "r-1", "/rules/0/when/localTime/to"),
                Arguments.of(bundle("{'daysOfWeek':{'in':['SATURDAY']}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/daysOfWeek/in/0"),
                Arguments.of(bundle("{'daysOfWeek':{'notIn':['MON','TUE','WED','THU','FRI','SAT','SUN']}}"), Reason.EMPTY_RANGE, "r-1", "/rules/0/when/daysOfWeek"),
                Arguments.of(bundle("{'period':{'from':'2027-01-01T00:00:00Z','until':'2026-01-01T00:00:00Z'}}"), Reason.EMPTY_RANGE, "r-1", "/rules/0/when/period"),
                Arguments.of(bundle("{'period':{'from':'2027-01-01'}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/period/from"),
                Arguments.of(bundle("{'period':{'from':'-999999999-01-01T00:00:00+18:00'}}"), Reason.BAD_VALUE, "r-1", "/rules/0/when/period/from"),
                Arguments.of(bundle("{'a/b~':{'min':1}}"), Reason.UNKNOWN_ATTRIBUTE, "r-1", "/rules/0/when/a~1b~0"));
    }

    @ParameterizedTest
    @MethodSource("badBundles")
    void compile_refusesBadBundlesNamingReasonRuleAndPosition(String json, Reason reason, String ruleId, String pointer) {
        RiskProfileException e = refusal(json);
        assertThat(e).as(json).isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.ruleId()).isEqualTo(Optional.ofNullable(ruleId));
        if (pointer.startsWith("line")) {
            assertThat(e.pointer()).startsWith(pointer);
        } else {
            assertThat(e.pointer()).isEqualTo(pointer);
        }
        assertThat(e.getMessage()).startsWith(reason.name()).doesNotContain("\n");
    }

    @Test
    void compile_aBadRuleAfterGoodOnesRefusesTheWholeBundle() {
        StringBuilder json = new StringBuilder("{'format':'openegate.risk-profiles.v1','rules':[");
        for (int i = 0; i < 50; i++) {
            json.append("{'id':'ok-").append(i).append("','reason':'x','when':{'age':{'max':").append(i).append("}}},");
        }
        json.append("{'id':'bad','reason':'x','when':{'age':{'max':-1}}}]}");
        RiskProfileException e = refusal(json.toString());
        assertThat(e.reason()).isEqualTo(Reason.BAD_VALUE);
        assertThat(e.ruleId()).contains("bad");
        assertThat(e.pointer()).isEqualTo("/rules/50/when/age/max");
        assertThat(e.getMessage()).isEqualTo("BAD_VALUE in rule 'bad' at /rules/50/when/age/max: -1 is outside 0..150");
    }

    @Test
    void compile_refusesOversizedContentBeforeParsing() {
        byte[] huge = new byte[RuleCompiler.MAX_BYTES + 1];
        RiskProfileException e = catchThrowableOfType(() -> RiskProfiles.compile(huge), RiskProfileException.class);
        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(e.getMessage()).contains(String.valueOf(RuleCompiler.MAX_BYTES + 1));
    }

    @Test
    void compile_refusesDeepNestingAsMalformed() {
        String deep = "[".repeat(100) + "]".repeat(100);
        RiskProfileException e = refusal(bundle("{'nationality':{'in':" + deep + "}}"));
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void compile_messagesClipLongAndControlCharacterValues() {
        RiskProfileException e = refusal(bundle("{'nationality':{'in':['" + "A".repeat(500) + "\\n']}}"));
        assertThat(e.reason()).isEqualTo(Reason.BAD_VALUE);
        assertThat(e.getMessage()).hasSizeLessThan(250).doesNotContain("\n");
    }

    @Test
    void compile_refusesTooManyValues() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i <= RuleCompiler.MAX_VALUES; i++) {
            values.append(i == 0 ? "" : ",").append("'A").append((char) ('A' + i % 26)).append((char) ('A' + i / 26))
                    .append("'");
        }
        RiskProfileException e = refusal(bundle("{'nationality':{'in':[" + values + "]}}"));
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.TOO_MANY);
        assertThat(e.pointer()).isEqualTo("/rules/0/when/nationality/in");
    }
}
