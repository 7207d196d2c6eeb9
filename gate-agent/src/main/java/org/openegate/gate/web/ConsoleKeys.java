package org.openegate.gate.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.openegate.gate.config.GateConfig;
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

    /**
     * The keys a gate's configuration names ({@code console:} in the gate YAML): two PEM public keys on P-256.
     *
     * @throws IllegalStateException naming the field, when a file is unreadable or holds no P-256 public key
     */
    public static ConsoleKeys load(GateConfig.Console console) {
        PublicKey e2e = publicKey("console.e2ePublicKey", console.e2ePublicKey());
        PublicKey command = publicKey("console.commandPublicKey", console.commandPublicKey());
        if (!(e2e instanceof ECPublicKey e2eKey)) {
            throw new IllegalStateException("console.e2ePublicKey: " + console.e2ePublicKey()
                    + " holds a " + e2e.getAlgorithm() + " key, not an EC P-256 key");
        }
        try {
            return new ConsoleKeys(console.e2eKid(), e2eKey,
                    OperatorKeys.of(Map.of(console.commandKid(), command)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("console.commandPublicKey: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(String field, Path pem) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pem, StandardCharsets.US_ASCII))) {
            if (parser.readObject() instanceof SubjectPublicKeyInfo info) {
                return new JcaPEMKeyConverter().getPublicKey(info);
            }
            throw new IllegalStateException(field + ": " + pem + " holds no PEM public key");
        } catch (IOException e) {
            throw new IllegalStateException(field + ": cannot read " + pem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ConsoleKeys[e2eKid=" + e2eKid + "]";
    }
}
