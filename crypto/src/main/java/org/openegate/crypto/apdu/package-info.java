/**
 * ISO/IEC 7816-4 APDUs and the narrow card interface every chip protocol uses.
 *
 * <p>{@link org.openegate.crypto.apdu.CommandApdu} and {@link org.openegate.crypto.apdu.ResponseApdu} are immutable
 * values (cases 1 to 4, short and extended length). {@link org.openegate.crypto.apdu.ApduChannel} is what a driver
 * implements: PC/SC, the in-process emulator, or a test double. Transport failures are
 * {@link org.openegate.crypto.apdu.CardIoException} with a reason (card removed, timeout, I/O, malformed);
 * a PC/SC driver maps {@code CardNotPresentException} to CARD_REMOVED and other {@code CardException}s to IO_ERROR.
 * {@link org.openegate.crypto.apdu.ApduChannels#withStatusHandling} hides 61xx and 6Cxx; chaining helpers live there
 * too.
 */
package org.openegate.crypto.apdu;
