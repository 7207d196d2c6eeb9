package org.openegate.gate.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded standard base64), computed with BouncyCastle.
 * The default cost is OWASP's first Argon2id recommendation (19 MiB, 2 passes, 1 lane); a stored hash keeps its
 * own parameters, so they can be raised later without invalidating accounts. Parameters read from a stored hash
 * are bounded before use, so a corrupt configuration cannot make a login allocate gigabytes.
 */
public final class PasswordHasher {

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private PasswordHasher() {
    }

    /** A fresh hash of {@code password} with a random salt. */
    public static String hash(char[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether a stored PHC string is well formed with bounded parameters; {@link #verify} refuses the others.
     *
     * @return empty if fine, else why not
     */
    public static java.util.Optional<String> problem(String phc) {
        Matcher m = PHC.matcher(phc == null ? "" : phc);
        if (!m.matches()) {
            return java.util.Optional.of("not an Argon2id PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash)");
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int lanes = Integer.parseInt(m.group(3));
        if (memory < 8 * lanes || memory > 262_144 || iterations < 1 || iterations > 10 || lanes < 1 || lanes > 8) {
            return java.util.Optional.of("Argon2id parameters m=" + memory + ",t=" + iterations + ",p=" + lanes
                    + " are outside m=8p..262144 KiB, t=1..10, p=1..8");
        }
        return java.util.Optional.empty();
    }

    /** True if {@code password} matches {@code phc}; false for a wrong password or a malformed hash. */
    public static boolean verify(String phc, char[] password) {
        if (problem(phc).isPresent()) {
            return false;
        }
        Matcher m = PHC.matcher(phc);
        m.matches();
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = argon2(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Burns the time of one verification with the default cost: the console calls it for unknown accounts so
     * that response time does not tell which account ids exist.
     */
    static void dummyVerify(char[] password) {
        argon2(password, new byte[SALT_BYTES], MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    }

    private static byte[] argon2(char[] password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memoryKib)
                .withIterations(iterations).withParallelism(lanes).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        // The buffer's array may be longer than the text: hash exactly the encoded bytes, then wipe both.
        byte[] utf8 = Arrays.copyOf(encoded.array(), encoded.limit());
        byte[] out = new byte[length];
        try {
            generator.generateBytes(utf8, out);
        } finally {
            Arrays.fill(utf8, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }
}
