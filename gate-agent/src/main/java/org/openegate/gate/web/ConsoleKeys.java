package org.openegate.gate.web;

import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.openegate.mqtt.OperatorKeys;

/**
 * What a gate needs to be supervised by an officer console over MQTT: the console's P-256 key that referral
 * cases are sealed for (docs/mqtt-e2e.md), and the keys whose signed officer decisions the gate obeys.
 *
 * @param e2eKid      the key id the console opens cases with
 * @param e2eKey      the console's public key; personal data in a case is encrypted for it alone
 * @param officerKeys the console command keys ({@code officer-decision} commands must verify under one)
 */
public record ConsoleKeys(String e2eKid, ECPublicKey e2eKey, OperatorKeys officerKeys) {

    public ConsoleKeys {
        Objects.requireNonNull(e2eKid, "e2eKid");
        Objects.requireNonNull(e2eKey, "e2eKey");
        Objects.requireNonNull(officerKeys, "officerKeys");
    }

    @Override
    public String toString() {
        return "ConsoleKeys[e2eKid=" + e2eKid + "]";
    }
}
