package org.openegate.crypto.testpassport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.lds.SecurityInfos;

/**
 * Which PACE a test chip offers (9303-11 §4.4, Tables 2 and 3): the mapping, the symmetric cipher and the
 * standardized domain parameters (§9.5.1 Table 6: 0 to 2 the RFC 5114 DH groups, 8 to 18 the curves). Checked at
 * construction: PACE-CAM has no 3DES and no DH, Integrated Mapping needs a curve with p = 3 mod 4.
 *
 * @param mapping GM, IM or CAM
 * @param cipher 3DES or AES-128/192/256
 * @param parameterId the standardized domain parameter id
 */
public record PaceVariant(Mapping mapping, Cipher cipher, int parameterId) {

    /** The mapping of the nonce to the ephemeral generator (9303-11 §4.4.3.3). */
    public enum Mapping { GM, IM, CAM }

    /** The PACE cipher suite and its session key length. */
    public enum Cipher { DES3, AES128, AES192, AES256 }

    /** ECDH-GM with AES-128 on NIST P-256: what {@code passport make --pace} has always made. */
    public static final PaceVariant DEFAULT = new PaceVariant(Mapping.GM, Cipher.AES128, 12);

    /** Names accepted for curves and DH groups (case-insensitive), to Table 6 ids. */
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("modp1024", 0), Map.entry("modp2048-224", 1), Map.entry("modp2048-256", 2),
            Map.entry("p-192", 8), Map.entry("p-224", 10), Map.entry("p-256", 12), Map.entry("p-384", 15),
            Map.entry("p-521", 18));

    public PaceVariant {
        if (mapping == null || cipher == null) {
            throw new IllegalArgumentException("PACE mapping and cipher are required");
        }
        PaceCrypto.Parameters.of(oid(mapping, cipher, parameterId), parameterId); // IllegalArgumentException
    }

    /** The PACEInfo protocol OID (9303-11 §9.2.3), e.g. 0.4.0.127.0.7.2.2.4.2.2 for ECDH-GM-AES-128. */
    public String oid() {
        return oid(mapping, cipher, parameterId);
    }

    /** True for the RFC 5114 DH groups (parameter ids 0 to 2). */
    public boolean dh() {
        return parameterId <= 2;
    }

    /** EF.CardAccess announcing this PACE (9303-11 §9.2.1); DG14 carries the same PACEInfo. */
    public byte[] cardAccess() {
        return PaceCrypto.cardAccess(parameters());
    }

    SecurityInfo.PaceInfo paceInfo() {
        return PaceCrypto.paceInfo(parameters());
    }

    PaceCrypto.Parameters parameters() {
        return PaceCrypto.Parameters.of(oid(), parameterId);
    }

    /**
     * The Table 6 id of a curve or DH group name: "P-256", "secp256r1", "brainpoolP384r1", "modp2048-256", or the
     * id itself; IllegalArgumentException listing the names for anything else.
     */
    public static int domainParameterId(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.matches("[0-9]{1,2}")) {
            return Integer.parseInt(n);
        }
        if (NAMES.containsKey(n)) {
            return NAMES.get(n);
        }
        for (int id = 8; id <= 18; id++) {
            if (SecurityInfos.standardizedCurve(id).orElseThrow().equalsIgnoreCase(n)) {
                return id;
            }
        }
        throw new IllegalArgumentException("unknown PACE curve or group '" + name + "'; known: " + names());
    }

    /** The names {@link #domainParameterId} accepts, for help texts and errors. */
    public static List<String> names() {
        return List.of("P-256", "P-384", "P-521", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1",
                "secp192r1", "secp224r1", "brainpoolP192r1", "brainpoolP224r1", "brainpoolP320r1", "modp1024",
                "modp2048-224", "modp2048-256");
    }

    private static String oid(Mapping mapping, Cipher cipher, int parameterId) {
        boolean dh = parameterId >= 0 && parameterId <= 2;
        int family = switch (mapping) {
            case GM -> dh ? 1 : 2;
            case IM -> dh ? 3 : 4;
            case CAM -> 6;
        };
        int suite = cipher.ordinal() + 1;
        return PaceCrypto.ID_PACE + "." + family + "." + suite;
    }
}
