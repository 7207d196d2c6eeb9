package org.openegate.crypto.emulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import org.tinylog.Logger;

/**
 * Plugs an {@link EmrtdEmulator} into pcscd through the {@code vsmartcard-vpcd} virtual reader, so that a reader
 * using PC/SC ({@code javax.smartcardio}) talks to the emulated passport across the real PC/SC stack.
 *
 * <p>The vpcd protocol (vsmartcard's {@code vpcd} driver, the card side being the client): the card connects over
 * TCP to the driver (by default 127.0.0.1:35963). Every message either way is a 2-byte big-endian length followed
 * by that many bytes. A 1-byte message from the driver is a control: 0 power off, 1 power on, 2 reset, 4 get ATR
 * (answered with the ATR); anything longer is a command APDU, answered with the response APDU. Power off, power on
 * and reset all end any session on the card.
 */
public final class VpcdConnector implements AutoCloseable {

    /** vpcd's default port for the first virtual reader. */
    public static final int DEFAULT_PORT = 35963;

    static final int POWER_OFF = 0;
    static final int POWER_ON = 1;
    static final int RESET = 2;
    static final int GET_ATR = 4;

    private final EmrtdEmulator card;
    private final String host;
    private final int port;
    private final LinkModel link;
    private final Sleeper sleeper;
    private volatile LinkFault fault;
    private volatile Socket socket;
    private volatile boolean closed;

    public VpcdConnector(EmrtdEmulator card, String host, int port) {
        this(card, host, port, LinkModel.NONE, Sleeper.REAL);
    }

    /**
     * A connector whose card answers each APDU only after the link model's time for it has passed (through the
     * sleeper), so a reader across pcscd sees the timing of a contactless link.
     */
    public VpcdConnector(EmrtdEmulator card, String host, int port, LinkModel link, Sleeper sleeper) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
        this.card = card;
        this.host = host;
        this.port = port;
        this.link = java.util.Objects.requireNonNull(link, "link");
        this.sleeper = java.util.Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Injects a fault into this connection's answers (shared between connectors so that it fires once). */
    public VpcdConnector fault(LinkFault linkFault) {
        this.fault = linkFault;
        return this;
    }

    /**
     * Connects to vpcd and answers it until vpcd closes the connection or {@link #close()} is called. Blocks the
     * calling thread.
     *
     * @throws IOException if the connection cannot be made or breaks other than by {@link #close()}
     */
    public void run() throws IOException {
        Socket s = new Socket();
        socket = s;
        try (s) {
            if (closed) {
                return;
            }
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setTcpNoDelay(true);
            Logger.info("emulated eMRTD connected to vpcd at {}:{}", host, port);
            serve(s.getInputStream(), s.getOutputStream());
        } catch (SocketException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    /** The message loop, on any pair of streams (tests drive it without a socket). Returns at end of stream. */
    void serve(InputStream rawIn, OutputStream rawOut) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(rawOut));
        while (!closed) {
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return;
            }
            byte[] message = new byte[length]; // at most 65535 bytes: the length field is two bytes
            in.readFully(message);
            if (length == 1) {
                switch (message[0]) {
                    case POWER_OFF, POWER_ON, RESET -> card.reset();
                    case GET_ATR -> send(out, card.atr());
                    default -> Logger.warn("vpcd sent unknown control byte {}", message[0] & 0xFF);
                }
            } else if (length > 1) {
                byte[] response = card.process(message);
                LinkFault f = fault;
                if (f != null) {
                    response = f.apply(response);
                    if (response == null) {
                        Logger.info("fault injection: the card leaves the field");
                        card.reset();
                        return; // run() closes the socket: vpcd and pcscd see the card go
                    }
                }
                try {
                    sleeper.sleep(link.cost(message.length, response.length));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while modelling the link");
                }
                send(out, response);
            }
        }
    }

    private static void send(DataOutputStream out, byte[] payload) throws IOException {
        if (payload.length > 0xFFFF) {
            throw new IOException("response of " + payload.length + " bytes does not fit a vpcd message");
        }
        out.writeShort(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Disconnects; {@link #run()} returns. */
    @Override
    public void close() throws IOException {
        closed = true;
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
