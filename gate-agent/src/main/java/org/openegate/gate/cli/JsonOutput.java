package org.openegate.gate.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;

/** Prints a command's result: exactly one JSON object on stdout with {@code --json} (CLI.md), text otherwise. */
final class JsonOutput {

    private JsonOutput() {
    }

    static void print(PrintWriter out, JsonObject result) {
        out.println(result.encode());
        out.flush();
    }
}
