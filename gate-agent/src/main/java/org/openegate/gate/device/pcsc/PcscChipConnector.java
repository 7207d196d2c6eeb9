package org.openegate.gate.device.pcsc;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.ApduFormatException;
import org.openegate.crypto.apdu.CardIoException;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.DeviceException;
import org.tinylog.Logger;

/**
 * The chip on a PC/SC reader, through {@code javax.smartcardio} (pcscd on Linux).
 *
 * <p>{@link #connect()} picks the reader (by name, or the first one with a card), waits a bounded time for a card,
 * powers it up and returns an {@link ApduChannel} to it; {@link #close()} disconnects with a reset so that no
 * secure-messaging session outlives the read. Transport failures become {@link CardIoException} with a reason:
 * {@link CardNotPresentException} is {@link CardIoException.Reason#CARD_REMOVED}, any other {@link CardException}
 * {@link CardIoException.Reason#IO_ERROR}.
 *
 * <p>javax.smartcardio receives at most 8192 response bytes; {@code ChipReader.Options.defaults()} stays under that.
 * One connector serves one card session at a time; it is not thread-safe.
 */
public final class PcscChipConnector implements ChipConnector, AutoCloseable {

    /** How long {@link #connect()} waits by default for a card to be put on the reader. */
    public static final Duration DEFAULT_CARD_WAIT = Duration.ofSeconds(10);
    /** Longest single wait on pcscd, so the deadline is checked even if no event comes. */
    private static final long POLL_MILLIS = 500;
    /** javax.smartcardio reports a pcscd that is not running as an empty reader list. */
    private static final String NO_READERS = "no PC/SC reader (is pcscd running, with the reader's driver?)";

    private final TerminalFactory factory;
    private final Optional<String> readerName;
    private final Duration cardWait;
    private final Clock clock;
    private Card card;
    private String connectedReader;

    /**
     * @param readerName the reader's PC/SC name, or a part of it that names exactly one reader; empty for the first
     *     reader with a card
     * @param cardWait how long {@link #connect()} waits for a card
     */
    public PcscChipConnector(Optional<String> readerName, Duration cardWait, Clock clock) {
        this(TerminalFactory.getDefault(), readerName, cardWait, clock);
    }

    PcscChipConnector(TerminalFactory factory, Optional<String> readerName, Duration cardWait, Clock clock) {
        if (cardWait.isNegative()) {
            throw new IllegalArgumentException("card wait " + cardWait + " is negative");
        }
        this.factory = Objects.requireNonNull(factory, "factory");
        this.readerName = Objects.requireNonNull(readerName, "readerName");
        this.cardWait = cardWait;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The PC/SC names of the readers pcscd knows. */
    public List<String> readers() throws DeviceException {
        return terminals().stream().map(CardTerminal::getName).toList();
    }

    /**
     * Waits for a card on the chosen reader and connects to it (any protocol).
     *
     * @throws DeviceException NOT_CONNECTED if PC/SC or the reader is missing, NO_DOCUMENT if no card came within
     *     the wait, IO_ERROR if the card could not be powered up
     */
    @Override
    public ApduChannel connect() throws DeviceException {
        close();
        long deadline = clock.millis() + cardWait.toMillis();
        CardTerminal terminal = readerName.isPresent() ? named(readerName.get(), deadline) : firstWithCard(deadline);
        CardException last = null;
        // pcscd may report the card before it can be powered up (a virtual card still connecting): retry until the
        // deadline, waiting for pcscd's next event rather than a fixed pause
        do {
            try {
                card = terminal.connect("*");
                connectedReader = terminal.getName();
                Logger.debug("connected to the card on {} (ATR {} bytes)", connectedReader,
                        card.getATR().getBytes().length);
                return channel(card.getBasicChannel());
            } catch (CardException e) {
                last = e;
                pauseOnCard(terminal, deadline);
                waitForCard(terminal, deadline);
            }
        } while (clock.millis() < deadline);
        throw new DeviceException(last instanceof CardNotPresentException ? DeviceException.Reason.NO_DOCUMENT
                : DeviceException.Reason.IO_ERROR, "cannot connect to the card on '" + terminal.getName() + "': "
                + message(last), last);
    }

    /** The reader of the current connection, if connected. */
    public Optional<String> connectedReader() {
        return Optional.ofNullable(connectedReader);
    }

    /** Disconnects, resetting the card (ends any secure-messaging session). Safe to call twice. */
    @Override
    public void close() {
        Card c = card;
        card = null;
        connectedReader = null;
        if (c != null) {
            try {
                c.disconnect(true);
            } catch (CardException | IllegalStateException e) {
                Logger.debug("disconnect failed: {}", e.getMessage());
            }
        }
    }

    /** The adapter: one command APDU through javax.smartcardio, failures as CardIoException with a reason. */
    static ApduChannel channel(CardChannel channel) {
        return command -> {
            byte[] response;
            try {
                response = channel.transmit(new CommandAPDU(command.encode())).getBytes();
            } catch (CardNotPresentException e) {
                throw new CardIoException(CardIoException.Reason.CARD_REMOVED, message(e), e);
            } catch (CardException | IllegalStateException e) {
                // IllegalStateException: the card was disconnected under us
                throw new CardIoException(CardIoException.Reason.IO_ERROR, message(e), e);
            } catch (IllegalArgumentException e) {
                // javax.smartcardio refuses some encodings (e.g. a case 4 APDU it cannot map): a reader fault
                throw new CardIoException(CardIoException.Reason.IO_ERROR, "javax.smartcardio refused the command: "
                        + e.getMessage(), e);
            }
            try {
                return ResponseApdu.parse(response);
            } catch (ApduFormatException e) {
                throw new CardIoException(CardIoException.Reason.MALFORMED_RESPONSE, e.getMessage(), e);
            }
        };
    }

    private List<CardTerminal> terminals() throws DeviceException {
        try {
            return factory.terminals().list();
        } catch (CardException e) {
            // SCARD_E_NO_SERVICE when pcscd is not running, SCARD_E_NO_READERS_AVAILABLE when it has no reader
            String why = message(e);
            if (why.contains("SCARD_E_NO_READERS_AVAILABLE")) {
                return List.of();
            }
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "PC/SC unavailable (is pcscd running?): "
                    + why, e);
        }
    }

    private CardTerminal named(String name, long deadline) throws DeviceException {
        List<CardTerminal> all = terminals();
        List<CardTerminal> exact = all.stream().filter(t -> t.getName().equals(name)).toList();
        List<CardTerminal> matching = exact.isEmpty()
                ? all.stream().filter(t -> t.getName().contains(name)).toList() : exact;
        if (all.isEmpty()) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, NO_READERS + " (wanted '" + name + "')");
        }
        if (matching.size() != 1) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, (matching.isEmpty() ? "no reader named '"
                    : "more than one reader matches '") + name + "'; readers: " + names(matching.isEmpty() ? all
                    : matching));
        }
        CardTerminal terminal = matching.get(0);
        waitForCard(terminal, deadline);
        return terminal;
    }

    private CardTerminal firstWithCard(long deadline) throws DeviceException {
        List<CardTerminal> all = terminals();
        if (all.isEmpty()) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, NO_READERS);
        }
        CardTerminals terminals = factory.terminals();
        while (true) {
            try {
                List<CardTerminal> present = terminals.list(CardTerminals.State.CARD_PRESENT);
                if (!present.isEmpty()) {
                    return present.get(0);
                }
                long left = deadline - clock.millis();
                if (left <= 0) {
                    throw new DeviceException(DeviceException.Reason.NO_DOCUMENT, "no card on any reader within "
                            + cardWait.toMillis() + " ms; readers: " + names(all));
                }
                terminals.waitForChange(Math.min(left, POLL_MILLIS));
            } catch (CardException e) {
                throw new DeviceException(DeviceException.Reason.IO_ERROR, "PC/SC failed while waiting for a card: "
                        + message(e), e);
            }
        }
    }

    private void waitForCard(CardTerminal terminal, long deadline) throws DeviceException {
        long left = deadline - clock.millis();
        try {
            if (left > 0 ? !terminal.waitForCardPresent(left) : !terminal.isCardPresent()) {
                throw new DeviceException(DeviceException.Reason.NO_DOCUMENT, "no card on '" + terminal.getName()
                        + "' within " + cardWait.toMillis() + " ms");
            }
        } catch (CardException e) {
            throw new DeviceException(DeviceException.Reason.IO_ERROR, "PC/SC failed while waiting for a card on '"
                    + terminal.getName() + "': " + message(e), e);
        }
    }

    /** A bounded pause that pcscd ends early if the card goes; keeps a failing connect from spinning. */
    private void pauseOnCard(CardTerminal terminal, long deadline) throws DeviceException {
        long left = deadline - clock.millis();
        if (left <= 0) {
            return;
        }
        try {
            terminal.waitForCardAbsent(Math.min(left, 100));
        } catch (CardException e) {
            throw new DeviceException(DeviceException.Reason.IO_ERROR, "PC/SC failed on '" + terminal.getName()
                    + "': " + message(e), e);
        }
    }

    private static String names(List<CardTerminal> terminals) {
        return terminals.isEmpty() ? "none"
                : String.join(", ", terminals.stream().map(t -> "'" + t.getName() + "'").toList());
    }

    /** javax.smartcardio puts the PC/SC error code (SCARD_E_...) in the cause's message. */
    private static String message(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String own = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null && !own.contains(cause.getMessage())
                ? own + " (" + cause.getMessage() + ")" : own;
    }
}
