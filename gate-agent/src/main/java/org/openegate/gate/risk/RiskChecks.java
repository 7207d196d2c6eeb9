package org.openegate.gate.risk;

import java.util.Objects;
import java.util.Optional;
import org.openegate.gate.risk.names.PersonWatchlist;
import org.openegate.gate.risk.rules.ActiveRiskProfiles;

/**
 * The lists and rules a crossing is screened against: lost and stolen documents, wanted persons (names with date of
 * birth and nationality), and the risk profiles in force. Each can be replaced while the gate runs (a new document
 * list, a new POLICY bundle); the pipeline asks them per traveller.
 *
 * @param documents lost, stolen and revoked documents
 * @param persons   the person watchlist, if this gate has one
 * @param profiles  the risk profiles in force (none until the first POLICY bundle)
 */
public record RiskChecks(DocumentWatchlist documents, Optional<PersonWatchlist> persons, ActiveRiskProfiles profiles) {

    public RiskChecks {
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(persons, "persons");
        Objects.requireNonNull(profiles, "profiles");
    }

    /** A gate that screens documents only: no person list, no profiles. */
    public static RiskChecks documentsOnly(DocumentWatchlist documents) {
        return new RiskChecks(documents, Optional.empty(), new ActiveRiskProfiles());
    }
}
