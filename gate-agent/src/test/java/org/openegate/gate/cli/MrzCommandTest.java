package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON of {@code egate mrz parse} is a contract (CLI.md): these field names must never change. */
class MrzCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void parse_td3SpecimenPrintsTheContractFields() {
        int status = EgateCommand.execute("mrz", "parse", "--json",
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
        JsonObject json = new JsonObject(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(status).isZero();
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
        int status = EgateCommand.execute("mrz", "parse", "--json",
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<11");
        assertThat(status).isEqualTo(1);
        assertThat(new JsonObject(out.toString(StandardCharsets.UTF_8).strip()).getJsonObject("checks")
                .getBoolean("composite")).isFalse();
    }

    @Test
    void parse_garbageExitsTwoWithOneLineReason() {
        int status = EgateCommand.execute("mrz", "parse", "--json", "hello", "world");
        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("egate: not a valid MRZ")
                .doesNotContain("\n").doesNotContain("Exception");
    }
}
