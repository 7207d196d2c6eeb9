package org.openegate.crypto.chip;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.pa.PassiveAuthResult;

/**
 * Chip authenticity as TR-03135 reports it: which method decided, a status and a reason.
 *
 * <p>Two stages. {@link ChipReadResult#chipAuthentication()} is what the chip protocol gave during the read: CA
 * (9303-11 §6.2) if DG14 offers it, else AA (§6.1) if there is a DG15; one success is enough, so AA does not run
 * after a successful CA. That result is not yet a verdict: the keys in DG14 and DG15 come from the chip itself and
 * mean something only once their hashes pass Passive Authentication. {@link #assess} combines the two, and is what
 * a gate reports: PASSED needs the protocol PASSED <em>and</em> the SOD signature, the chain and the hash of every
 * data group the key came from PASSED.
 *
 * @param method        the method that produced the status (NONE if none ran)
 * @param status        PASSED, FAILED (the chip does not hold the key: a clone), NOT_SUPPORTED (no DG14 CA key,
 *                      no DG15), UNDETERMINED (keys not verified by PA, unknown AA hash), ABORTED (the chip stopped
 *                      answering mid-protocol)
 * @param reason        the machine-readable reason
 * @param keyDataGroups the data groups the key and algorithm came from (14 for CA; 15, and 14 for ECDSA AA)
 * @param detail        a short text for people: algorithms and status words, never keys or personal data
 */
public record ChipAuthenticity(ChipAuthMethod method, CheckStatus status, ChipAuthReason reason,
        Set<Integer> keyDataGroups, String detail) {

    public ChipAuthenticity {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        keyDataGroups = Collections.unmodifiableSet(new TreeSet<>(keyDataGroups));
        Objects.requireNonNull(detail, "detail");
    }

    /** The chip publishes no key for CA or AA (no DG14 CA key, no DG15). */
    public static ChipAuthenticity notSupported(ChipAuthReason reason, String detail) {
        return new ChipAuthenticity(ChipAuthMethod.NONE, CheckStatus.NOT_SUPPORTED, reason, Set.of(), detail);
    }

    /**
     * The verdict: the chip protocol's result, trusted only as far as Passive Authentication vouches for the data
     * groups holding the key (TR-03135; 9303-11 §6.1, §6.2: the terminal checks DG14/DG15 by PA before relying on
     * them). A key file whose hash FAILED makes the result FAILED even if the chip proved it holds the key: the
     * chip then authenticated against a key the issuer never signed.
     */
    public static ChipAuthenticity assess(ChipReadResult read, PassiveAuthResult passiveAuthentication) {
        ChipAuthenticity run = read.chipAuthentication();
        if (run.status() != CheckStatus.PASSED) {
            return run;
        }
        CheckStatus keys = CheckStatus.PASSED;
        StringBuilder why = new StringBuilder();
        for (int dg : run.keyDataGroups()) {
            Optional<CheckStatus> hash = passiveAuthentication.dataGroup(dg);
            if (hash.orElse(null) == CheckStatus.FAILED) {
                return new ChipAuthenticity(run.method(), CheckStatus.FAILED, ChipAuthReason.KEY_HASH_MISMATCH,
                        run.keyDataGroups(), "DG" + dg + " hash does not match the SOD; " + run.detail());
            }
            if (hash.orElse(null) != CheckStatus.PASSED) {
                keys = CheckStatus.UNDETERMINED;
                why.append("DG").append(dg).append(" hash ").append(hash.map(Enum::name).orElse("not checked"))
                        .append("; ");
            }
        }
        CheckStatus signature = passiveAuthentication.signature().status();
        CheckStatus chain = passiveAuthentication.chain().status();
        if (signature != CheckStatus.PASSED || chain != CheckStatus.PASSED) {
            keys = CheckStatus.UNDETERMINED;
            why.append("SOD signature ").append(signature).append(", chain ").append(chain).append("; ");
        }
        if (keys != CheckStatus.PASSED) {
            return new ChipAuthenticity(run.method(), CheckStatus.UNDETERMINED, ChipAuthReason.KEY_NOT_VERIFIED,
                    run.keyDataGroups(), why + run.detail());
        }
        return new ChipAuthenticity(run.method(), CheckStatus.PASSED, ChipAuthReason.OK, run.keyDataGroups(),
                run.detail());
    }
}
