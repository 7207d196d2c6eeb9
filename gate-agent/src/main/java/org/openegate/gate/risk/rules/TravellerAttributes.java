package org.openegate.gate.risk.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzException;

/**
 * What risk profiles may look at. Every field may be unknown (an unreadable date, a gate without a configured
 * direction): a condition on an unknown attribute is false, so a profile never fires on data the gate does not
 * have.
 *
 * <p>Holds the date of birth because age is computed at the crossing date in the policy's time zone; {@link
 * #toString()} never prints it, nor the document dates.
 *
 * @param nationality  the MRZ nationality code without fillers (9303-3 §5, e.g. {@code UTO}; Germany is {@code D})
 * @param issuingState the MRZ issuing state code
 * @param sex          the MRZ sex field
 * @param documentCode the MRZ document code without fillers ({@code P}, {@code PD}, {@code I}, ...)
 * @param dateOfBirth  the resolved date of birth
 * @param dateOfIssue  the date of issue, from DG12 when the chip has one
 * @param dateOfExpiry the resolved date of expiry
 * @param direction    the gate's crossing direction
 * @param at           when the traveller is at the gate
 */
public record TravellerAttributes(
        Optional<String> nationality,
        Optional<String> issuingState,
        Optional<Mrz.Sex> sex,
        Optional<String> documentCode,
        Optional<LocalDate> dateOfBirth,
        Optional<LocalDate> dateOfIssue,
        Optional<LocalDate> dateOfExpiry,
        Optional<Direction> direction,
        Instant at) {

    public TravellerAttributes {
        Objects.requireNonNull(nationality, "nationality");
        Objects.requireNonNull(issuingState, "issuingState");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(documentCode, "documentCode");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(dateOfIssue, "dateOfIssue");
        Objects.requireNonNull(dateOfExpiry, "dateOfExpiry");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(at, "at");
    }

    /**
     * The attributes of a traveller whose MRZ was read at {@code clock.instant()}. Two-digit MRZ years are resolved
     * against the clock (9303-3 §4.2: a birth date is never in the future, an expiry date lies within a
     * document's validity from today); a date that cannot be resolved stays unknown.
     */
    public static TravellerAttributes of(Mrz mrz, Optional<LocalDate> dateOfIssue, Optional<Direction> direction,
            Clock clock) {
        return new TravellerAttributes(Optional.of(mrz.nationality()), Optional.of(mrz.issuingState()),
                Optional.of(mrz.sex()), Optional.of(mrz.documentCode()), resolve(() -> mrz.resolvedDateOfBirth(clock)),
                dateOfIssue, resolve(() -> mrz.resolvedDateOfExpiry(clock)), direction, clock.instant());
    }

    private interface DateSource {
        LocalDate get();
    }

    private static Optional<LocalDate> resolve(DateSource source) {
        try {
            return Optional.of(source.get());
        } catch (MrzException e) {
            return Optional.empty();
        }
    }

    /** Codes and direction only: no dates, which with the nationality could single a traveller out. */
    @Override
    public String toString() {
        return "TravellerAttributes[" + nationality.orElse("?") + ", " + documentCode.orElse("?") + ", "
                + direction.map(Enum::name).orElse("?") + ", dates redacted]";
    }
}
