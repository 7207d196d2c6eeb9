package org.openegate.gate.service;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateDevices;
import org.openegate.gate.device.GateSignal;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.flow.GateController;
import org.openegate.gate.flow.GateMode;
import org.openegate.gate.flow.GateState;
import org.openegate.gate.flow.GateStateMachine;
import org.openegate.gate.journal.OfficerDecision;
import org.tinylog.Logger;

/**
 * The flow on the event loop: sensor signals, driver faults and commands go into the {@link GateStateMachine};
 * when a traveller enters, the checks run on a worker thread ({@code executeBlocking}, ordered: one traveller at
 * a time) and the decision goes back to the machine. A timer ticks the machine's step timeouts.
 */
final class GateVerticle extends AbstractVerticle {

    private static final long TICK_MS = 100;

    private final GateController controller;
    private final GateDevices devices;

    GateVerticle(GateController controller, GateDevices devices) {
        this.controller = controller;
        this.devices = devices;
    }

    @Override
    public void start(Promise<Void> started) {
        GateStateMachine gate = controller.machine();
        controller.observeStates(state -> context.runOnContext(v -> onState(state)));
        vertx.eventBus().<JsonObject>consumer(GateAddresses.SIGNAL, this::onSignal);
        vertx.eventBus().<JsonObject>consumer(GateAddresses.FAULT, this::onFault);
        vertx.eventBus().<JsonObject>consumer(GateAddresses.COMMAND, this::onCommand);
        vertx.setPeriodic(TICK_MS, id -> gate.tick());
        publishState();
        started.complete();
    }

    private void onState(GateState state) {
        publishState();
        GateStateMachine gate = controller.machine();
        Optional<String> id = gate.transactionId();
        if (state == GateState.DOCUMENT && id.isPresent()) {
            String transactionId = id.get();
            vertx.<Optional<CrossingPipeline.Crossing>>executeBlocking(() -> controller.runChecks(transactionId,
                    devices.mrzReader(), devices.chipConnector(), devices.camera()), true)
                    .onSuccess(result -> result.ifPresent(crossing -> vertx.eventBus().publish(GateAddresses.CROSSING,
                            new JsonObject().put("transactionId", transactionId)
                                    .put("outcome", crossing.decision().outcome().name())
                                    .put("reasons", crossing.decision().reasons().stream().map(Enum::name).toList())
                                    .put("timingsMs", crossing.timingsMs()))))
                    .onFailure(e -> {
                        Logger.error("checks of {} failed: {}", transactionId, e.getMessage());
                        gate.fault("checks failed: " + e.getMessage());
                    });
        }
    }

    private void publishState() {
        GateStateMachine gate = controller.machine();
        JsonObject state = new JsonObject().put("state", gate.state().name()).put("mode", gate.mode().name());
        gate.transactionId().ifPresent(id -> state.put("transactionId", id));
        vertx.eventBus().publish(GateAddresses.STATE, state);
    }

    private void onSignal(Message<JsonObject> message) {
        Optional<GateSignal> signal = enumOf(GateSignal.class, message.body().getValue("signal"));
        if (signal.isEmpty()) {
            Logger.warn("ignored signal message without a known 'signal': {}", message.body().fieldNames());
            return;
        }
        controller.machine().signal(signal.get());
    }

    private void onFault(Message<JsonObject> message) {
        JsonObject body = message.body();
        String reason = enumOf(DeviceException.Reason.class, body.getValue("reason")).map(Enum::name)
                .orElse("UNKNOWN");
        controller.machine().fault(body.getString("device", "unknown device") + " " + reason + ": "
                + body.getString("detail", ""));
    }

    private void onCommand(Message<JsonObject> message) {
        JsonObject body = message.body();
        GateStateMachine gate = controller.machine();
        String command = body.getValue("command") instanceof String s ? s : "";
        boolean accepted;
        switch (command) {
            case "MODE" -> {
                Optional<GateMode> mode = enumOf(GateMode.class, body.getValue("mode"));
                if (mode.isEmpty()) {
                    message.fail(400, "mode must be one of OPEN, CLOSED, MAINTENANCE, was " + body.getValue("mode"));
                    return;
                }
                gate.setMode(mode.get());
                accepted = true;
            }
            case "RESET" -> accepted = gate.reset();
            case "OFFICER_DECISION" -> {
                Optional<OfficerDecision.Verdict> verdict = enumOf(OfficerDecision.Verdict.class,
                        body.getValue("verdict"));
                if (verdict.isEmpty()) {
                    message.fail(400, "verdict must be ADMIT or REFUSE, was " + body.getValue("verdict"));
                    return;
                }
                String transactionId = body.getString("transactionId", "");
                String officerId = body.getString("officerId", "");
                String reason = body.getString("reason", "");
                vertx.executeBlocking(() -> controller.officerDecision(transactionId, officerId, verdict.get(),
                        reason)).onComplete(done -> {
                            if (done.succeeded()) {
                                message.reply(reply(done.result()));
                            } else {
                                message.fail(400, done.cause().getMessage());
                            }
                        });
                return;
            }
            default -> {
                message.fail(400, "command must be MODE, RESET or OFFICER_DECISION, was '" + command + "'");
                return;
            }
        }
        message.reply(reply(accepted));
    }

    private JsonObject reply(boolean accepted) {
        GateStateMachine gate = controller.machine();
        return new JsonObject().put("accepted", accepted).put("state", gate.state().name())
                .put("mode", gate.mode().name());
    }

    private static <E extends Enum<E>> Optional<E> enumOf(Class<E> type, Object value) {
        if (value instanceof String s) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(s)) {
                    return Optional.of(constant);
                }
            }
        }
        return Optional.empty();
    }
}
