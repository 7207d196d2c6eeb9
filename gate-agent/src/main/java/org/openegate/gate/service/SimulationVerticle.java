package org.openegate.gate.service;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.openegate.gate.device.GateSignal;
import org.openegate.gate.sim.PreparedTraveller;
import org.openegate.gate.sim.SimulatedDesk;
import org.openegate.gate.sim.SimulatedTraveller;
import org.openegate.gate.sim.TravellerFactory;
import org.openegate.gate.sim.TravellerKind;
import org.tinylog.Logger;

/**
 * The simulated world around a gate in {@code egate run} with {@code simulation: true}: travellers walk up
 * (entry beam), present their document (the {@link SimulatedDesk}), and leave through whichever door opens; a
 * simulated officer refuses every referral unless an officer console is linked. It speaks to the gate only through the event bus, as the GPIO
 * driver and the officer console do.
 */
final class SimulationVerticle extends AbstractVerticle {

    private final TravellerFactory factory;
    private final SimulatedDesk desk;
    private final List<SimulatedTraveller> travellers;
    private final long intervalMs;
    private final boolean simulatedOfficer;
    private int next;
    private boolean arriving;

    SimulationVerticle(TravellerFactory factory, SimulatedDesk desk, List<SimulatedTraveller> travellers,
            long intervalMs, boolean simulatedOfficer) {
        this.simulatedOfficer = simulatedOfficer;
        this.factory = factory;
        this.desk = desk;
        this.travellers = List.copyOf(travellers);
        this.intervalMs = intervalMs;
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.eventBus().<JsonObject>consumer(GateAddresses.STATE, message -> onState(message.body()));
        started.complete();
    }

    private void signal(GateSignal signal) {
        vertx.eventBus().send(GateAddresses.SIGNAL, new JsonObject().put("signal", signal.name()));
    }

    private void onState(JsonObject state) {
        switch (state.getString("state")) {
            case "IDLE" -> arrive();
            case "EXIT_OPEN" -> {
                signal(GateSignal.EXIT_BEAM_BROKEN);
                signal(GateSignal.EXIT_BEAM_CLEAR);
            }
            case "REJECTED" -> {
                signal(GateSignal.ENTRY_BEAM_BROKEN);
                signal(GateSignal.ENTRY_BEAM_CLEAR);
            }
            case "REFERRED" -> {
                if (simulatedOfficer) { // a linked officer console resolves referrals instead
                    refuse(state);
                }
            }
            default -> {
            }
        }
    }

    private void refuse(JsonObject state) {
        vertx.eventBus().request(GateAddresses.COMMAND, new JsonObject()
                    .put("command", "OFFICER_DECISION").put("transactionId", state.getString("transactionId", "none"))
                    .put("officerId", "sim-officer").put("verdict", "REFUSE").put("reason", "SIMULATED_REFERRAL"))
                    .onFailure(e -> Logger.warn("simulated officer: {}", e.getMessage()));
    }

    private void arrive() {
        if (arriving) {
            return;
        }
        arriving = true;
        SimulatedTraveller traveller = travellers.get(next++ % travellers.size());
        vertx.setTimer(Math.max(1, intervalMs), t -> vertx.executeBlocking(() -> factory.prepare(traveller))
                .onComplete(prepared -> {
                    arriving = false;
                    if (prepared.failed()) {
                        Logger.error("could not prepare simulated traveller: {}", prepared.cause().getMessage());
                        return;
                    }
                    PreparedTraveller p = prepared.result();
                    desk.present(p);
                    signal(GateSignal.ENTRY_BEAM_BROKEN);
                    signal(GateSignal.ENTRY_BEAM_CLEAR);
                    if (traveller.kind() == TravellerKind.TAILGATING) {
                        signal(GateSignal.ENTRY_BEAM_BROKEN);
                    }
                }));
    }
}
