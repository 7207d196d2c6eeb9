package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.util.List;

/**
 * EF.DG14 (9303-10 §4.7.14): tag 6E wrapping the SecurityInfos for Chip Authentication, PACE, Terminal
 * Authentication and Active Authentication with ECDSA (9303-11 §9.2).
 *
 * @param securityInfos the infos in file order; unknown protocols are kept as {@link SecurityInfo.Unknown}
 */
public record Dg14(List<SecurityInfo> securityInfos) {

    public Dg14 {
        securityInfos = List.copyOf(securityInfos);
    }

    /** Decodes EF.DG14; throws {@link LdsException} naming what is wrong. */
    public static Dg14 parse(byte[] content) {
        Tlv file = LdsTlv.readFile(content, LdsFile.DG14);
        return new Dg14(SecurityInfos.parse(file.value()));
    }

    /** The infos of one kind, for example {@code infos(SecurityInfo.ChipAuthenticationInfo.class)}. */
    public <T extends SecurityInfo> List<T> infos(Class<T> kind) {
        return securityInfos.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The DER encoding of EF.DG14. */
    public byte[] encode() {
        return Tlv.of(LdsFile.DG14.tag(), SecurityInfos.encode(securityInfos)).encode();
    }
}
