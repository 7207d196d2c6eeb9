package org.openegate.gate.device.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzException;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.MrzReader;
import org.openegate.gate.device.MrzRejection;
import org.tinylog.Logger;

/**
 * A document reader on a serial line, through jSerialComm: framing by {@link MrzFramer}, then the MRZ parser of
 * {@code crypto} with every check digit (9303-3 §4.9) verified. A frame that is no MRZ, or whose check digits fail,
 * is reported to the rejection listener and the reader goes on waiting: OCR misreads are common, and the traveller
 * can present the document again within the wait.
 *
 * <p>{@link #readLines()} blocks the calling thread (never an event loop) up to the settings' document wait.
 * Rejections never carry MRZ characters, only reasons, offsets, lengths and the names of failed checks. Not
 * thread-safe: one reader per port, read from one thread; but {@link #close()} may come from another thread, and
 * ends a read in progress with NOT_CONNECTED (how the flow cancels a wait). After NOT_CONNECTED (reader unplugged)
 * open a new reader.
 */
public final class SerialMrzReader implements MrzReader, AutoCloseable {

    /** Longest single wait on the port, so deadlines and the inter-line timeout are checked even in silence. */
    private static final int POLL_MILLIS = 50;

    private final SerialMrzSettings settings;
    private final Clock clock;
    private final Consumer<MrzRejection> rejections;
    private final MrzFramer framer;
    private final Deque<List<String>> frames = new ArrayDeque<>();
    private final byte[] buffer = new byte[256];
    private final SerialPort port;
    private int rejectedCount;
    private MrzRejection lastRejection;

    private SerialMrzReader(SerialMrzSettings settings, Clock clock, Consumer<MrzRejection> rejections,
            SerialPort port) {
        this.settings = settings;
        this.clock = clock;
        this.rejections = rejections;
        this.port = port;
        this.framer = new MrzFramer(settings.maxLineLength(), settings.interLineTimeout(), settings.blockCheck(),
                this::rejected);
    }

    /**
     * Opens the port (8N1 at the settings' baud rate).
     *
     * @param rejections told of each read that was not taken (may be a no-op); called on the reading thread
     * @throws DeviceException NOT_CONNECTED if the port does not exist or cannot be opened
     */
    public static SerialMrzReader open(SerialMrzSettings settings, Clock clock, Consumer<MrzRejection> rejections)
            throws DeviceException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(rejections, "rejections");
        SerialPort port;
        try {
            port = SerialPort.getCommPort(settings.port());
        } catch (SerialPortInvalidPortException e) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "no serial port '" + settings.port()
                    + "': " + e.getMessage(), e);
        }
        port.setComPortParameters(settings.baudRate(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, POLL_MILLIS, 0);
        if (!port.openPort()) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "cannot open serial port '"
                    + settings.port() + "' (error " + port.getLastErrorCode() + " at " + port.getLastErrorLocation()
                    + ")");
        }
        Logger.info("MRZ reader on {} at {} baud", settings.port(), settings.baudRate());
        return new SerialMrzReader(settings, clock, rejections, port);
    }

    /** Waits up to the settings' document wait for an MRZ whose check digits all hold; returns its lines. */
    @Override
    public List<String> readLines() throws DeviceException {
        return read(settings.documentWait()).lines();
    }

    /**
     * Waits up to {@code wait} for an MRZ whose check digits all hold.
     *
     * @throws DeviceException TIMEOUT if none came in time (the message counts the rejected reads), NOT_CONNECTED if
     *     the port went away (reader unplugged)
     */
    public Mrz read(Duration wait) throws DeviceException {
        long start = clock.millis();
        long deadline = start + wait.toMillis();
        int rejectedBefore = rejectedCount;
        while (true) {
            while (!frames.isEmpty()) {
                Mrz mrz = validate(frames.poll());
                if (mrz != null) {
                    return mrz;
                }
            }
            long now = clock.millis();
            if (now >= deadline) {
                throw new DeviceException(DeviceException.Reason.TIMEOUT, "no valid MRZ on '" + settings.port()
                        + "' within " + wait.toMillis() + " ms (" + (rejectedCount - rejectedBefore)
                        + " read(s) rejected" + (lastRejection == null ? "" : ", last " + lastRejection.reason())
                        + ")");
            }
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0 || !port.isOpen()) {
                throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "serial port '" + settings.port()
                        + "' went away (error " + port.getLastErrorCode() + ") after " + (clock.millis() - start)
                        + " ms");
            }
            frames.addAll(framer.feed(buffer, n, clock.millis()));
        }
    }

    private Mrz validate(List<String> lines) {
        return validate(lines, this::rejected);
    }

    /** The MRZ of a frame if every check digit holds; otherwise null, the reason told to {@code rejected}. */
    static Mrz validate(List<String> lines, Consumer<MrzRejection> rejected) {
        Mrz mrz;
        try {
            mrz = Mrz.parse(lines);
        } catch (MrzException e) {
            // MrzException's message names field, line and position, never the characters
            rejected.accept(new MrzRejection(MrzRejection.Reason.NOT_AN_MRZ, e.getMessage()));
            return null;
        }
        if (!mrz.valid()) {
            List<String> failed = mrz.checks().entrySet().stream().filter(c -> !c.getValue())
                    .map(Map.Entry::getKey).toList();
            rejected.accept(new MrzRejection(MrzRejection.Reason.CHECK_DIGIT, mrz.format()
                    + " check digit(s) wrong: " + String.join(", ", failed)));
            return null;
        }
        return mrz;
    }

    private void rejected(MrzRejection rejection) {
        rejectedCount++;
        lastRejection = rejection;
        Logger.debug("MRZ read rejected: {} {}", rejection.reason(), rejection.detail());
        rejections.accept(rejection);
    }

    /**
     * Whether the port's device node is still there: a USB serial adapter's node (and a pty's link) disappears when
     * it is unplugged, while the port stays "open" in jSerialComm until the next read fails. A port named without a
     * path (COM3) counts as present.
     */
    public boolean present() {
        String name = settings.port();
        return !name.startsWith("/") || java.nio.file.Files.exists(java.nio.file.Path.of(name));
    }

    @Override
    public void close() {
        if (port.isOpen()) {
            port.closePort();
        }
    }

    @Override
    public String toString() {
        return "SerialMrzReader[" + settings.port() + ", " + settings.baudRate() + " baud]";
    }
}
