package org.openegate.crypto.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.lds.CardAccess;
import org.openegate.crypto.lds.SecurityInfo;

/** Which PACE configurations the reader takes from an EF.CardAccess decoded by the LDS package. */
class CardAccessPaceTest {

    /** EF.CardAccess of an Austrian and of a German passport, from gmrtd (MIT), document/card_access_test.go. */
    static final String AT = "31143012060a04007f0007020204020202010202010d";
    static final String DE = "31283012060a04007f0007020204020202010202010d3012060a04007f0007020204060202010202010d";

    @Test
    void germanCardAccess_offersGmAndCam_bothAreSupported() {
        var offered = CardAccess.parse(Hex.decode(DE)).paceInfos().stream()
                .flatMap(info -> PaceCrypto.Parameters.supported(info).stream()).toList();
        assertThat(offered).hasSize(2);
        assertThat(offered.get(0).oid()).isEqualTo(PaceCrypto.OID_ECDH_GM_AES_128);
        assertThat(offered.get(0).parameterId()).isEqualTo(13);
        assertThat(offered.get(0).keyLength()).isEqualTo(16);
        assertThat(offered.get(1).oid()).isEqualTo(PaceCrypto.OID_ECDH_CAM_AES_128);
        assertThat(offered.get(1).mapping()).isEqualTo(PaceCrypto.Mapping.CAM);
    }

    @Test
    void emulatorCardAccess_isWhatAnAustrianChipPresents() {
        byte[] file = PaceCrypto.cardAccess(PaceCrypto.Parameters.of(PaceCrypto.OID_ECDH_GM_AES_128, 13));
        assertThat(Hex.toHexString(file)).isEqualTo(AT);
    }

    @Test
    void paceInfosTheReaderCannotRun_areSkipped() {
        ASN1ObjectIdentifier gm128 = new ASN1ObjectIdentifier(PaceCrypto.OID_ECDH_GM_AES_128);
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(gm128, 1, Optional.of(13)))).isEmpty();
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(gm128, 2, Optional.empty()))).isEmpty();
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(gm128, 2, Optional.of(2)))).isEmpty();
        // DH generic mapping runs on the RFC 5114 groups 0 to 2, not on a curve id, and not on a proprietary id
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(
                new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.4.1.2"), 2, Optional.of(0)))).isPresent();
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(
                new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.4.1.2"), 2, Optional.of(13)))).isEmpty();
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(
                new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.4.1.2"), 2, Optional.of(32)))).isEmpty();
        // CAM has no 3DES variant; IM is not defined on secp224r1 (p = 1 mod 4, Appendix B)
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(
                new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.4.6.1"), 2, Optional.of(13)))).isEmpty();
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(
                new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.4.4.2"), 2, Optional.of(10)))).isEmpty();
        assertThat(PaceCrypto.Parameters.supported(new SecurityInfo.PaceInfo(gm128, 2, Optional.of(12))))
                .hasValueSatisfying(p -> assertThat(p.parameterId()).isEqualTo(12));
    }
}
