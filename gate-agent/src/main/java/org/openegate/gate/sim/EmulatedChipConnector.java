package org.openegate.gate.sim;

import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.emulator.EmulatorChannel;
import org.openegate.gate.device.ChipConnector;

/** The simulated chip reader: the eMRTD emulator in-process, spoken to in real APDUs. */
public final class EmulatedChipConnector implements ChipConnector {

    private final EmrtdEmulator chip;

    public EmulatedChipConnector(EmrtdEmulator chip) {
        this.chip = chip;
    }

    @Override
    public ApduChannel connect() {
        chip.reset();
        return new EmulatorChannel(chip);
    }
}
