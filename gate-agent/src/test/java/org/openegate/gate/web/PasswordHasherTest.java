package org.openegate.gate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void hash_verifiesTheRightPasswordOnly() {
        String phc = PasswordHasher.hash("s3cret, with ünïcode".toCharArray(), random);
        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHasher.problem(phc)).isEmpty();
        assertThat(PasswordHasher.verify(phc, "s3cret, with ünïcode".toCharArray())).isTrue();
        assertThat(PasswordHasher.verify(phc, "s3cret, with unicode".toCharArray())).isFalse();
        assertThat(PasswordHasher.verify(phc, "".toCharArray())).isFalse();
    }

    @Test
    void hash_isSaltedPerCall() {
        assertThat(PasswordHasher.hash("same".toCharArray(), random))
                .isNotEqualTo(PasswordHasher.hash("same".toCharArray(), random));
    }

    /**
     * Interoperability with the reference implementation: RFC 9106's own vectors use a secret and associated data,
     * which the PHC form cannot carry, so the vector is the reference CLI's output (Debian package argon2
     * 0~20171227, the phc-winner-argon2 reference code) for password "password", salt "somesalt".
     */
    @Test
    void verify_acceptsAReferenceImplementationHash() {
        // argon2 CLI (the reference implementation): echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(PasswordHasher.problem(reference)).isEmpty();
        assertThat(PasswordHasher.verify(reference, "password".toCharArray())).isTrue();
        assertThat(PasswordHasher.verify(reference, "Password".toCharArray())).isFalse();
    }

    @Test
    void malformedOrUnboundedHashes_areRefusedWithoutHashing() {
        assertThat(PasswordHasher.problem("$2a$10$abcdefghijklmnopqrstuv")).hasValueSatisfying(p -> assertThat(p)
                .contains("not an Argon2id PHC string"));
        // 4 GiB of memory from a corrupt config must not be attempted.
        String huge = "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(PasswordHasher.problem(huge)).hasValueSatisfying(p -> assertThat(p).contains("m=4194304"));
        assertThat(PasswordHasher.verify(huge, "password".toCharArray())).isFalse();
        assertThat(PasswordHasher.verify(null, "x".toCharArray())).isFalse();
    }
}
