/**
 * Reading an eMRTD chip: access control (BAC; PACE with generic, integrated or chip authentication mapping over DH
 * or ECDH, 3DES or AES), secure messaging, the LDS files and chip authenticity (PACE-CAM, else Chip Authentication
 * v1, else Active Authentication), over an {@link org.openegate.crypto.apdu.ApduChannel}.
 *
 * <pre>{@code
 * ChipReader reader = new ChipReader(channel, clock, secureRandom);
 * ChipReadResult r = reader.read(BacKey.of(documentNumber, birthYYMMDD, expiryYYMMDD)); // PACE if offered
 * byte[] dg2 = r.file(LdsFile.DG2.fileId());
 * PassiveAuthResult pa = passiveAuthenticator.verify(sod, dataGroups, now);
 * ChipAuthenticity chip = ChipAuthenticity.assess(r, pa); // TR-03135 verdict: CA | AA | PACE_CAM | NONE
 * }</pre>
 *
 * <p>{@link org.openegate.crypto.chip.ChipReadResult#chipAuthentication()} alone is not a verdict: the DG14/DG15
 * keys it used (also the PACE-CAM key, from DG14) are trusted only once Passive Authentication has passed their hashes.
 *
 * <p>Every failure is a {@link org.openegate.crypto.chip.ChipException} with a
 * {@link org.openegate.crypto.chip.ChipException.Reason}, the file, offset, status word and APDU count. Keys and
 * results never show personal data in {@code toString()}. The machinery shared with the emulator (KDF, MACs, secure
 * messaging, PACE arithmetic) is in {@code chip.internal} and is not API.
 */
package org.openegate.crypto.chip;
