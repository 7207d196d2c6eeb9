package org.openegate.gate.device.pcsc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import org.openegate.gate.device.CardEvent;
import org.openegate.gate.device.CardEvents;
import org.tinylog.Logger;

/**
 * Card insert/remove and reader hot-plug on PC/SC, watched by one thread through {@code javax.smartcardio}.
 *
 * <p>How it watches: each round lists the readers and asks each whether a card is present, compares that snapshot
 * with the last one and sends the difference as events (readers added before their cards, cards removed before
 * their readers). Between rounds it waits in {@link CardTerminals#waitForChange(long)}, which pcscd ends at once
 * when a card comes or goes on a known reader, bounded by the poll interval. Reader hot-plug is seen by the next
 * round's listing: javax.smartcardio does not expose pcscd's {@code \\?PnP?\Notification} pseudo-reader, so a new
 * reader takes at most one poll interval to appear. With no reader at all {@code waitForChange} refuses to wait,
 * so the thread sleeps one poll interval instead.
 *
 * <p>pcscd going away (stopped, restarted) makes every reader and card vanish: they are reported removed, and the
 * monitor asks for a fresh PC/SC factory each poll until pcscd answers again. Known limit: the JDK's own provider
 * keeps one PC/SC context per process, so after a pcscd restart it may keep failing (SCARD_E_SERVICE_STOPPED) and
 * the gate then shows no reader until the agent restarts; that is reported, never hidden.
 */
public final class PcscCardMonitor implements CardEvents {

    /** Default bound on one wait, and so on how late a hot-plugged reader is seen. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

    private final Supplier<CardTerminals> contexts;
    private final long pollMillis;
    private final boolean waitOnPcscd;
    private final Clock clock;
    private final Object lock = new Object();
    private final List<Consumer<CardEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Reader name → card present, as last reported. Guarded by {@link #lock}. */
    private Map<String, Boolean> state = new LinkedHashMap<>();
    private final Thread thread;
    /** Open until the first listing has been published, so a caller can tell "no reader" from "not looked yet". */
    private final java.util.concurrent.CountDownLatch firstRound = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;
    private CardTerminals terminals;
    private boolean serviceDown;

    /**
     * Starts watching pcscd.
     *
     * @param poll longest wait between two listings (hot-plug latency), 10 ms..10 s
     */
    public static PcscCardMonitor start(Duration poll, Clock clock) {
        return new PcscCardMonitor(pcsc(), poll, clock, true);
    }

    /**
     * Starts watching pcscd without ever blocking in it: each round lists the readers and sleeps one poll interval.
     * For a process that also reads chips: the JDK keeps one PC/SC context per process and pcsc-lite serialises the
     * calls on a context, so a monitor waiting in {@code SCardGetStatusChange} can hold up an APDU of a chip read
     * until its wait ends (not measured yet: the machine was too loaded to tell). Events come up to one poll
     * interval late instead.
     */
    public static PcscCardMonitor startPolling(Duration poll, Clock clock) {
        return new PcscCardMonitor(pcsc(), poll, clock, false);
    }

    private static Supplier<CardTerminals> pcsc() {
        return () -> {
            try {
                // a new factory after each failure, so a provider that can make a new context does
                return TerminalFactory.getInstance("PC/SC", null).terminals();
            } catch (java.security.NoSuchAlgorithmException e) {
                return TerminalFactory.getDefault().terminals();
            }
        };
    }

    /** @param contexts makes the PC/SC view to watch; called again after each failure */
    PcscCardMonitor(Supplier<CardTerminals> contexts, Duration poll, Clock clock) {
        this(contexts, poll, clock, true);
    }

    /** @param waitOnPcscd whether rounds wait in pcscd for a change ({@link #start}) or sleep ({@link #startPolling}) */
    PcscCardMonitor(Supplier<CardTerminals> contexts, Duration poll, Clock clock, boolean waitOnPcscd) {
        if (poll.toMillis() < 10 || poll.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("poll " + poll + " outside 10 ms..10 s");
        }
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.pollMillis = poll.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.waitOnPcscd = waitOnPcscd;
        this.terminals = contexts.get();
        this.thread = new Thread(this::run, "pcsc-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** New listeners first get the present state, replayed on the calling thread before this returns. */
    @Override
    public AutoCloseable addListener(Consumer<CardEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            for (Map.Entry<String, Boolean> e : state.entrySet()) {
                deliver(listener, new CardEvent(CardEvent.Type.READER_ADDED, e.getKey(), clock.instant()));
                if (e.getValue()) {
                    deliver(listener, new CardEvent(CardEvent.Type.CARD_INSERTED, e.getKey(), clock.instant()));
                }
            }
            listeners.add(listener);
        }
        return () -> listeners.remove(listener);
    }

    /**
     * Waits until the monitor has listed the readers once (or failed to reach pcscd once), bounded.
     *
     * @return false if the first listing did not end within {@code wait}
     */
    public boolean awaitFirstListing(Duration wait) throws InterruptedException {
        return firstRound.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public List<String> readers() {
        synchronized (lock) {
            return List.copyOf(state.keySet());
        }
    }

    @Override
    public boolean cardPresent(String reader) {
        synchronized (lock) {
            return Boolean.TRUE.equals(state.get(reader));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(pollMillis * 4 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.clear();
    }

    private void run() {
        while (!closed) {
            Map<String, Boolean> now;
            try {
                now = snapshot();
                if (serviceDown) {
                    Logger.info("PC/SC is back: {} reader(s)", now.size());
                    serviceDown = false;
                }
            } catch (CardException | RuntimeException e) {
                if (!serviceDown) {
                    Logger.warn("PC/SC unavailable, readers reported removed until it answers: {}", message(e));
                    serviceDown = true;
                }
                now = Map.of();
                terminals = contexts.get(); // a fresh context for the next try
            }
            publish(now);
            firstRound.countDown();
            if (!closed) {
                await(now.isEmpty());
            }
        }
    }

    private Map<String, Boolean> snapshot() throws CardException {
        List<CardTerminal> list;
        try {
            list = terminals.list();
        } catch (CardException e) {
            if (message(e).contains("SCARD_E_NO_READERS_AVAILABLE")) {
                return Map.of(); // pcscd runs, with no reader
            }
            throw e;
        }
        Map<String, Boolean> now = new LinkedHashMap<>();
        for (CardTerminal t : list) {
            now.put(t.getName(), t.isCardPresent());
        }
        return now;
    }

    /** Sends the difference between the last state and {@code now}, then makes {@code now} the state. */
    private void publish(Map<String, Boolean> now) {
        synchronized (lock) {
            List<CardEvent> events = new ArrayList<>();
            for (Map.Entry<String, Boolean> old : state.entrySet()) {
                String reader = old.getKey();
                Boolean present = now.get(reader);
                if (old.getValue() && !Boolean.TRUE.equals(present)) {
                    events.add(event(CardEvent.Type.CARD_REMOVED, reader));
                }
                if (present == null) {
                    events.add(event(CardEvent.Type.READER_REMOVED, reader));
                }
            }
            for (Map.Entry<String, Boolean> e : now.entrySet()) {
                String reader = e.getKey();
                Boolean was = state.get(reader);
                if (was == null) {
                    events.add(event(CardEvent.Type.READER_ADDED, reader));
                }
                if (e.getValue() && !Boolean.TRUE.equals(was)) {
                    events.add(event(CardEvent.Type.CARD_INSERTED, reader));
                }
            }
            state = new LinkedHashMap<>(now);
            for (CardEvent event : events) {
                Logger.debug("PC/SC {} on '{}'", event.type(), event.reader());
                for (Consumer<CardEvent> listener : listeners) {
                    deliver(listener, event);
                }
            }
        }
    }

    private CardEvent event(CardEvent.Type type, String reader) {
        return new CardEvent(type, reader, clock.instant());
    }

    private static void deliver(Consumer<CardEvent> listener, CardEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            Logger.error(e, "card event listener failed on {}", event);
        }
    }

    /** Waits for pcscd to report a change on a known reader, at most one poll interval. */
    private void await(boolean noReaders) {
        try {
            if (noReaders || serviceDown || !waitOnPcscd) {
                Thread.sleep(pollMillis); // nothing to wait on: waitForChange refuses an empty reader list
            } else {
                terminals.waitForChange(pollMillis); // never 0: that would mean forever
            }
        } catch (InterruptedException e) {
            // close() interrupts; the loop checks closed
        } catch (CardException | RuntimeException e) {
            // a reader vanished mid-wait or pcscd went away: the next listing says which
            Logger.debug("PC/SC wait ended: {}", message(e));
        }
    }

    private static String message(Throwable e) {
        String own = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null && !own.contains(cause.getMessage())
                ? own + " (" + cause.getMessage() + ")" : own;
    }

    @Override
    public String toString() {
        return "PcscCardMonitor[" + readers().size() + " reader(s), poll " + pollMillis + " ms]";
    }
}
