package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** The one-shot faults of {@code chip emulate --fault}: where they fire, what they do, and that they fire once. */
class LinkFaultTest {

    /** A protected response: DO'99' 90 00, DO'8E' of 8 bytes, SW 90 00. */
    static final byte[] SECURED = Hex.decode("990290008E08010203040506070890 00".replace(" ", ""));
    static final byte[] PLAIN = Hex.decode("9000");

    @Test
    void mac_flipsOneBitOfTheFirstSecuredResponseFromApduN_once() {
        LinkFault fault = new LinkFault(LinkFault.Kind.MAC, 2);

        assertThat(fault.apply(SECURED)).isEqualTo(SECURED); // APDU 1: too early
        assertThat(fault.apply(PLAIN)).isEqualTo(PLAIN); // APDU 2: nothing to corrupt in a plain answer
        byte[] hit = fault.apply(SECURED); // APDU 3
        assertThat(fault.fired()).isTrue();
        assertThat(hit).hasSameSizeAs(SECURED);
        assertThat(hit[SECURED.length - 3]).isEqualTo((byte) (SECURED[SECURED.length - 3] ^ 1));
        assertThat(Arrays.copyOf(hit, SECURED.length - 3)).isEqualTo(Arrays.copyOf(SECURED, SECURED.length - 3));
        assertThat(fault.apply(SECURED)).isEqualTo(SECURED); // once only
    }

    @Test
    void truncate_keepsHalfTheDataAndTheStatusWord() {
        LinkFault fault = new LinkFault(LinkFault.Kind.TRUNCATE, 1);

        byte[] cut = fault.apply(SECURED);

        assertThat(cut).hasSize((SECURED.length - 2) / 2 + 2);
        assertThat(Arrays.copyOfRange(cut, cut.length - 2, cut.length)).isEqualTo(PLAIN);
    }

    @Test
    void tear_makesTheConnectorHangUpInsteadOfAnswering_once() throws Exception {
        LinkFault fault = new LinkFault(LinkFault.Kind.TEAR, 2);
        EmrtdEmulator card = EmrtdEmulator.builder().files(ChipReaderEmulatorTest.passport(100))
                .bacKey(ChipReaderEmulatorTest.KEY).random(new SecureRandom()).build();
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        DataOutputStream vpcd = new DataOutputStream(script);
        for (int i = 0; i < 3; i++) {
            VpcdConnectorTest.send(vpcd, Hex.decode("00A4040C07A0000002471001"));
        }
        ByteArrayOutputStream answers = new ByteArrayOutputStream();

        new VpcdConnector(card, "127.0.0.1", 1, LinkModel.NONE, d -> { }).fault(fault)
                .serve(new ByteArrayInputStream(script.toByteArray()), answers);

        // the first SELECT is answered, the second is where the card leaves: the third is never read
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(answers.toByteArray()));
        assertThat(VpcdConnectorTest.receive(in)).isEqualTo(PLAIN);
        assertThat(in.available()).isZero();
        assertThat(fault.fired()).isTrue();
        assertThat(fault.apply(PLAIN)).isEqualTo(PLAIN);
    }

    @Test
    void badKindOrPosition_isRefusedWithTheValue() {
        assertThatThrownBy(() -> LinkFault.Kind.parse("melt")).hasMessageContaining("'melt'");
        assertThatThrownBy(() -> new LinkFault(LinkFault.Kind.MAC, 0)).hasMessageContaining("0");
        assertThat(LinkFault.Kind.parse("Tear")).isEqualTo(LinkFault.Kind.TEAR);
    }
}
