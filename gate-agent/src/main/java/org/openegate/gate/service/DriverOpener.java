package org.openegate.gate.service;

import org.openegate.gate.device.DeviceException;

/** Opens a driver again after its device went away (unplugged, lost): how a driver's verticle recovers. */
@FunctionalInterface
interface DriverOpener<T> {

    /** @throws DeviceException while the device is still missing */
    T open() throws DeviceException;
}
