package org.openegate.provisioning.bundle;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.openegate.crypto.trust.TrustStore;

/**
 * The {@link BundleType#TRUSTLIST} validator: a trust list is valid if it loads into a {@link TrustStore}
 * ({@link TrustListContent#load}); applying it hands the new store to the gate, which swaps it in atomically
 * (the store is immutable).
 */
public final class TrustListValidator implements BundleValidator {

    private final Clock clock;
    private final List<X509Certificate> masterListRoots;
    private final Consumer<TrustStore> onApply;
    /** The store built by the last validate, so apply (which follows at once) need not parse the list again. */
    private byte[] validatedContent;
    private TrustStore validatedStore;

    /**
     * @param masterListRoots roots master lists must be signed under; empty to rely on the operator's signature
     *                        of the bundle alone (the master list's own signature must still be intact)
     * @param onApply         receives the new trust store once the bundle is active
     */
    public TrustListValidator(Clock clock, List<X509Certificate> masterListRoots, Consumer<TrustStore> onApply) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.masterListRoots = List.copyOf(masterListRoots);
        this.onApply = Objects.requireNonNull(onApply, "onApply");
    }

    @Override
    public synchronized void validate(byte[] content) throws InvalidContentException {
        validatedStore = TrustListContent.load(content, clock, masterListRoots);
        validatedContent = content.clone();
    }

    /** Loading a national master list costs seconds (RSA key checks of hundreds of certificates): done once. */
    @Override
    public synchronized void apply(byte[] content) throws InvalidContentException {
        TrustStore store = java.util.Arrays.equals(content, validatedContent) ? validatedStore
                : TrustListContent.load(content, clock, masterListRoots);
        validatedContent = null;
        validatedStore = null;
        onApply.accept(store);
    }
}
