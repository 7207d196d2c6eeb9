package org.openegate.crypto.chip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The RFC 5114 groups hard-coded in {@link PaceCrypto} (9303-11 Table 6, ids 0 to 2) have the structure RFC 5114
 * §2.1 to §2.3 state: p and q prime of the stated sizes, q divides p - 1, g generates the order-q subgroup. A typo
 * in a constant fails here rather than in a chip session.
 */
class PaceDhGroupTest {

    @ParameterizedTest(name = "group {0}")
    @ValueSource(ints = {0, 1, 2})
    void rfc5114Group_hasItsStatedStructure(int id) {
        PaceCrypto.DhGroup group = (PaceCrypto.DhGroup) PaceCrypto.Parameters.of(PaceCrypto.OID_DH_GM_AES_128, id)
                .group();
        BigInteger p = group.prime();
        BigInteger q = group.order();
        BigInteger g = group.params().getG();
        assertThat(p.bitLength()).isEqualTo(id == 0 ? 1024 : 2048);
        assertThat(q.bitLength()).isEqualTo(new int[] {160, 224, 256}[id]);
        assertThat(p.isProbablePrime(40)).isTrue();
        assertThat(q.isProbablePrime(40)).isTrue();
        assertThat(p.subtract(BigInteger.ONE).mod(q)).isZero();
        assertThat(g.modPow(q, p)).isEqualTo(BigInteger.ONE);
        assertThat(g).isNotEqualTo(BigInteger.ONE);
    }

    @Test
    void dhPublicValues_outsideTheSubgroup_areRefused() {
        PaceCrypto.Parameters p = PaceCrypto.Parameters.of(PaceCrypto.OID_DH_GM_AES_128, 0);
        byte[] one = new byte[128];
        one[127] = 1;
        byte[] two = one.clone();
        two[127] = 2; // in 1 < y < p-1 but not of order q
        byte[] pMinusOne = PaceCrypto.fixed(p.group().prime().subtract(BigInteger.ONE), 128);
        for (byte[] bad : new byte[][] {one, two, pMinusOne, new byte[127], new byte[129]}) {
            assertThatThrownBy(() -> p.group().decode(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        PaceCrypto.Element valid = p.group().generator().times(PaceCrypto.randomScalar(p, new SecureRandom()));
        assertThat(p.group().decode(valid.encoded())).isEqualTo(valid);
    }

    @Test
    void ecPoints_offTheCurve_areRefused() {
        PaceCrypto.Parameters p = PaceCrypto.Parameters.of(PaceCrypto.OID_ECDH_IM_AES_128, 13);
        byte[] g = p.group().generator().encoded();
        byte[] bad = g.clone();
        bad[bad.length - 1] ^= 1;
        assertThatThrownBy(() -> p.group().decode(bad)).isInstanceOf(IllegalArgumentException.class);
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        assertThatThrownBy(() -> p.group().decode(compressed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void integratedMapping_givesGroupElements_onEveryCurveWhereItIsDefined() {
        SecureRandom random = new SecureRandom();
        for (int id : new int[] {8, 9, 11, 12, 13, 14, 15, 16, 17, 18}) {
            PaceCrypto.Parameters p = PaceCrypto.Parameters.of(PaceCrypto.OID_ECDH_IM_AES_256, id);
            byte[] s = new byte[32];
            byte[] t = new byte[32];
            random.nextBytes(s);
            random.nextBytes(t);
            PaceCrypto.Element g = PaceCrypto.integratedMap(p, s, t);
            // a point of the prime-order group: n * G~ is the identity, so times(n) refuses it
            assertThat(p.group().decode(g.encoded())).as("curve %d", id).isEqualTo(g);
            assertThatThrownBy(() -> g.times(p.group().order())).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
