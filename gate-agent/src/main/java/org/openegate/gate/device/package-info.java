/**
 * The gate's devices, each behind a small interface with a real driver and a simulated twin.
 *
 * <table>
 *   <caption>Drivers and twins</caption>
 *   <tr><th>interface</th><th>real</th><th>simulated</th></tr>
 *   <tr><td>{@link org.openegate.gate.device.MrzReader}</td>
 *       <td>{@code serial.SerialMrzReader} (jSerialComm; framing, check digits)</td>
 *       <td>{@code sim.ScriptedMrzReader}; a socat pty pair in tests</td></tr>
 *   <tr><td>{@link org.openegate.gate.device.ChipConnector}</td><td>{@code pcsc.PcscChipConnector}</td>
 *       <td>{@code sim.EmulatedChipConnector}; the emulator on vpcd in tests</td></tr>
 *   <tr><td>{@link org.openegate.gate.device.CardEvents}</td><td>{@code pcsc.PcscCardMonitor}</td>
 *       <td>{@code sim.SimulatedCardReader}</td></tr>
 *   <tr><td>{@link org.openegate.gate.device.LiveCamera} ({@link org.openegate.gate.device.Camera})</td>
 *       <td>{@code camera.OpenCvCamera.device}</td>
 *       <td>{@code camera.OpenCvCamera.file} (a video), {@code sim.ImageSequenceCamera} (stills),
 *       {@code sim.ImageCamera} (one still)</td></tr>
 *   <tr><td>{@link org.openegate.gate.device.GateIo}</td><td>{@code gpio.Pi4jGateIo.openGpiod} (libgpiod)</td>
 *       <td>{@code gpio.MockGateHardware} (the same driver on Pi4J's mock platform)</td></tr>
 * </table>
 *
 * <p>Threading: drivers are plain Java, no Vert.x. Calls that wait ({@code MrzReader.readLines},
 * {@code ChipConnector.connect}, {@code LiveCamera.next}) block with a bound and must run on a worker thread.
 * Events ({@link org.openegate.gate.device.SensorEvent}, {@link org.openegate.gate.device.CardEvent},
 * {@link org.openegate.gate.device.GateSignal}, {@link org.openegate.gate.device.CameraFrame} streams) arrive on
 * the driver's own thread, in order; listeners
 * must not block (hand the event to the event loop, e.g. {@code vertx.runOnContext}).
 *
 * <p>Fail-safe doors: the entry is fail-safe (released without power, so nobody is trapped), the exit fail-secure
 * (locked without power, so nobody crosses without a decision); see {@code gpio.Pi4jGateIo} for the wiring and
 * the emergency rules.
 *
 * <p>Failures are {@link org.openegate.gate.device.DeviceException} with a reason; an MRZ read that is not taken is
 * an {@link org.openegate.gate.device.MrzRejection} with a reason, and the reader keeps waiting. Personal data
 * (MRZ characters, images) never reaches a message, a log line or a {@code toString()}.
 */
package org.openegate.gate.device;
