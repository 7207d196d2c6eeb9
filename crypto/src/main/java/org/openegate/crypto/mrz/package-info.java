/**
 * ICAO Doc 9303 machine readable zones: parsing, check digits, the BAC/PACE key seed, and writing.
 *
 * <p>The whole API: {@link org.openegate.crypto.mrz.Mrz} (record; {@code parse}, {@code checkDigit},
 * {@code mrzInformation}, century resolution with an injected {@link java.time.Clock}),
 * {@link org.openegate.crypto.mrz.MrzException} (reason enum, field, line, position) and
 * {@link org.openegate.crypto.mrz.MrzWriter} (TD3, TD1 and TD2 lines from fields). Layout tables, check digit
 * arithmetic and date windows are package-private.
 *
 * <p>Policy: strict on shape, lenient on content. Reader output of the wrong shape or alphabet is an
 * {@code MrzException}; a misread inside a field is kept and shows as a failed check digit. Names, numbers and
 * dates are personal data: they never appear in {@code toString()}, and an exception message names at most the one
 * offending character (as a code point), never a field value.
 */
package org.openegate.crypto.mrz;
