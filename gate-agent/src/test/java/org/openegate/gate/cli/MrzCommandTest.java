package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The JSON of {@code egate mrz parse} is a contract (CLI.md): these field names must never change. */
class MrzCommandTest {

    @Test
    void parse_td3SpecimenPrintsTheContractFields() {
        CliTestSupport.Run run = CliTestSupport.run("mrz", "parse", "--json",
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(run.status()).isZero();
        assertThat(json.fieldNames()).containsExactly("format", "documentCode", "issuingState", "documentNumber",
                "nationality", "dateOfBirth", "sex", "dateOfExpiry", "surname", "givenNames", "optionalData",
                "checks", "valid");
        assertThat(json.getString("format")).isEqualTo("TD3");
        assertThat(json.getString("documentNumber")).isEqualTo("L898902C3");
        assertThat(json.getString("givenNames")).isEqualTo("ANNA MARIA");
        assertThat(json.getJsonObject("checks").fieldNames()).containsExactly("documentNumber", "dateOfBirth",
                "dateOfExpiry", "optionalData", "composite");
        assertThat(json.getBoolean("valid")).isTrue();
    }

    @Test
    void parse_wrongCheckDigitExitsOne() {
        CliTestSupport.Run run = CliTestSupport.run("mrz", "parse", "--json",
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<11");
        assertThat(run.status()).isEqualTo(1);
        assertThat(new JsonObject(run.out().strip()).getJsonObject("checks")
                .getBoolean("composite")).isFalse();
    }

    @Test
    void parse_garbageExitsTwoWithOneLineReason() {
        CliTestSupport.Run run = CliTestSupport.run("mrz", "parse", "--json", "hello", "world");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("egate: not a valid MRZ")
                .doesNotContain("\n").doesNotContain("Exception");
    }
}
