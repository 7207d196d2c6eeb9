/**
 * Machinery shared by the reader side ({@code org.openegate.crypto.chip}) and the card side
 * ({@code org.openegate.crypto.emulator}) of the ICAO 9303-11 protocols: key derivation, ISO 9797-1 MACs and secure
 * messaging. Public only so both sides can use it; not part of the API the gate calls.
 */
package org.openegate.crypto.chip.internal;
