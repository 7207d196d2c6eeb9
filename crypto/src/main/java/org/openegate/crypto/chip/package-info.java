/**
 * Reading an eMRTD chip: access control (BAC, PACE-GM), secure messaging and the LDS files, over an
 * {@link org.openegate.crypto.apdu.ApduChannel}.
 *
 * <pre>{@code
 * ChipReader reader = new ChipReader(channel, clock, secureRandom);
 * ChipReadResult r = reader.read(BacKey.of(documentNumber, birthYYMMDD, expiryYYMMDD)); // PACE if offered
 * byte[] dg2 = r.file(LdsFile.DG2.fileId());
 * }</pre>
 *
 * <p>Every failure is a {@link org.openegate.crypto.chip.ChipException} with a
 * {@link org.openegate.crypto.chip.ChipException.Reason}, the file, offset, status word and APDU count. Keys and
 * results never show personal data in {@code toString()}. The machinery shared with the emulator (KDF, MACs, secure
 * messaging, PACE arithmetic) is in {@code chip.internal} and is not API.
 */
package org.openegate.crypto.chip;
