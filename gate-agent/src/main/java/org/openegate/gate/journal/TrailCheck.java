package org.openegate.gate.journal;

import java.util.Optional;

/**
 * The result of verifying the officer-decision hash chain.
 *
 * @param entries     how many entries were checked
 * @param firstBroken the sequence number of the first entry that does not chain (edited, inserted, or following
 *                    a deleted one); empty when the chain is intact
 * @param problem     what is wrong there
 * @param head        the hash of the last entry (the value to anchor elsewhere, e.g. publish), or the genesis value
 */
public record TrailCheck(long entries, Optional<Long> firstBroken, Optional<String> problem, String head) {

    public boolean intact() {
        return firstBroken.isEmpty();
    }
}
