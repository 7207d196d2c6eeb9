package org.openegate.gate.device.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * How the serial document reader is attached. Validated whole at construction; nothing is corrected.
 *
 * @param port the serial device ({@code /dev/ttyUSB0}, {@code /dev/ttyACM0}, a pseudo-terminal in tests)
 * @param baudRate bits per second; 8 data bits, no parity, 1 stop bit (the common setting of OCR-B readers)
 * @param interLineTimeout longest pause allowed inside a frame; a longer one drops the frame as partial
 * @param maxLineLength longest line accepted (44..1024); longer lines are dropped as noise
 * @param blockCheck whether each STX..ETX frame is followed by a block check character
 * @param documentWait how long {@link SerialMrzReader#readLines()} waits for a valid MRZ
 */
public record SerialMrzSettings(String port, int baudRate, Duration interLineTimeout, int maxLineLength,
        boolean blockCheck, Duration documentWait) {

    public SerialMrzSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(interLineTimeout, "interLineTimeout");
        Objects.requireNonNull(documentWait, "documentWait");
        if (port.isBlank()) {
            throw new IllegalArgumentException("port is blank");
        }
        if (baudRate < 300 || baudRate > 921_600) {
            throw new IllegalArgumentException("baudRate " + baudRate + " outside 300..921600");
        }
        if (interLineTimeout.toMillis() < 10 || interLineTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("interLineTimeout " + interLineTimeout + " outside 10 ms..10 s");
        }
        if (maxLineLength < 44 || maxLineLength > 1024) {
            throw new IllegalArgumentException("maxLineLength " + maxLineLength + " outside 44..1024");
        }
        if (documentWait.isNegative() || documentWait.isZero()) {
            throw new IllegalArgumentException("documentWait " + documentWait + " is not positive");
        }
    }

    /** 9600 baud, 500 ms between lines, lines up to 64 characters, no block check, 30 s for a document. */
    public static SerialMrzSettings defaults(String port) {
        return new SerialMrzSettings(port, 9600, Duration.ofMillis(500), 64, false, Duration.ofSeconds(30));
    }
}
