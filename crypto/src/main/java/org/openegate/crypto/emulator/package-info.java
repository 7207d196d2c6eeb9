/**
 * The card side: an eMRTD chip emulator ({@link org.openegate.crypto.emulator.EmrtdEmulator}: BAC, PACE-GM, secure
 * messaging, READ BINARY short/extended/odd INS), an in-process channel with fault injection
 * ({@link org.openegate.crypto.emulator.EmulatorChannel}) and a vsmartcard-vpcd client
 * ({@link org.openegate.crypto.emulator.VpcdConnector}) that puts the emulated passport behind pcscd.
 */
package org.openegate.crypto.emulator;
