package org.openegate.gate.sim;

import java.util.List;
import org.openegate.gate.device.MrzReader;

/** The simulated document reader: it "reads" the lines printed on the simulated document. */
public final class ScriptedMrzReader implements MrzReader {

    private final List<String> lines;

    public ScriptedMrzReader(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    @Override
    public List<String> readLines() {
        return lines;
    }

    @Override
    public String toString() {
        return "ScriptedMrzReader[" + lines.size() + " lines, redacted]";
    }
}
