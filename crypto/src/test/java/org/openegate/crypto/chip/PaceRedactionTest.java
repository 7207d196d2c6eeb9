package org.openegate.crypto.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.chip.internal.PaceCrypto;

/** PACE values that reach toString(): OIDs and sizes only, never keys, points, nonces or CA data. */
class PaceRedactionTest {

    @Test
    void paceValues_showNoKeyMaterial() {
        PaceCrypto.Parameters p = PaceWorkedExamplesTest.I1;
        PaceCrypto.Element mapKey = p.group().decode(Hex.decode(PaceWorkedExamplesTest.I_PK_ICC_MAP));
        BigInteger ca = new BigInteger(PaceWorkedExamplesTest.I_CA_IC, 16);
        PaceProtocol.CamClaim claim = new PaceProtocol.CamClaim(p, mapKey, ca);

        for (String s : new String[] {claim.toString(), mapKey.toString(), p.toString()}) {
            assertThat(s).doesNotContainIgnoringCase("85DC3FA9").doesNotContainIgnoringCase("A234236A")
                    .doesNotContain(ca.toString()).doesNotContain(ca.toString(16));
        }
        assertThat(claim.toString()).contains(PaceCrypto.OID_ECDH_CAM_AES_128);
        PaceCrypto.Element dh = PaceWorkedExamplesTest.G2.group().generator();
        assertThat(dh.toString()).isEqualTo("DhElement[1024 bits]");
    }
}
