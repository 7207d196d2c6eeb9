package org.openegate.gate.demo;

import java.util.Locale;
import java.util.stream.Collectors;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.sim.SimulatedTraveller;

/** One human-readable line per traveller: who (by kind only), outcome, reasons and the time of each step. */
final class DemoLine {

    private DemoLine() {
    }

    static String format(SimulatedTraveller traveller, CrossingPipeline.Crossing crossing, double recordMs) {
        String reasons = crossing.decision().reasons().isEmpty() ? "-"
                : crossing.decision().reasons().stream().map(Enum::name).collect(Collectors.joining(","));
        StringBuilder steps = new StringBuilder();
        crossing.timingsMs().forEach(step -> steps.append(String.format(Locale.ROOT, " %s %.1f", step.getKey(),
                ((Number) step.getValue()).doubleValue())));
        steps.append(String.format(Locale.ROOT, " record %.1f", recordMs));
        return String.format(Locale.ROOT, "#%03d %-12s %-9s %-40s ms:%s", traveller.number(), traveller.kind(),
                crossing.decision().outcome(), reasons, steps);
    }
}
