package org.openegate.gate.device;

import org.openegate.crypto.apdu.ApduChannel;

/** Connects to the chip of the document on the reader: PC/SC on a gate, the eMRTD emulator in simulation. */
public interface ChipConnector {

    ApduChannel connect() throws DeviceException;
}
