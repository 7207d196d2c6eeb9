package org.openegate.provisioning.bundle;

/**
 * What a gate does with one type of bundle: check its content before anything changes, then put it to use once
 * the store has made it active. The lead plugs in one per type (configuration: gate-agent's config loader;
 * policy: the rule compiler; watchlist: the index loader); {@link TrustListValidator} is the trust list's. This
 * keeps the provisioning module free of gate-agent.
 */
public interface BundleValidator {

    /**
     * Checks that {@code content} is usable, changing nothing. The exception's message goes into the command
     * reply: name the bad field or offset, never quote content (it may be personal data).
     *
     * @throws InvalidContentException if the content must not be activated
     */
    void validate(byte[] content) throws InvalidContentException;

    /**
     * Puts already validated and activated {@code content} to use (swap the running configuration, rebuild the
     * trust store). Called after the store made it active; if it throws, the store restores the previous bundle
     * and calls {@code apply} with the previous content. Also called with the active content when the gate
     * starts, via {@link BundleStore#applyActive}. The default does nothing: the gate reads the active content
     * when it needs it.
     */
    default void apply(byte[] content) throws Exception {
    }

    /** Content a validator refused; the message is the reason given to the operator. */
    final class InvalidContentException extends Exception {
        public InvalidContentException(String message) {
            super(message);
        }

        public InvalidContentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
