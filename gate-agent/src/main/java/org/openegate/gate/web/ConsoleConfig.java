package org.openegate.gate.web;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The officer console's configuration ({@code egate console --config FILE}), validated whole: every problem is
 * reported with its path and nothing starts. See gate-agent/docs/web.md for an example file.
 *
 * @param consoleId   {@code [a-z0-9-]{1,32}}: the MQTT client id and the reply topic level
 * @param http        where the console listens; TLS is mandatory (session cookies are {@code Secure})
 * @param mqttBroker  the broker the gates publish to ({@code tcp://} or {@code ssl://})
 * @param e2eKid      key id the gates seal cases for
 * @param e2eKey      the console's P-256 key pair that opens cases
 * @param commandKid  key id of the officer-decision signing key (the gates trust its public key)
 * @param commandKey  the P-256 signing key
 * @param gates       the gates this console supervises
 * @param accounts    officers, supervisors and operators, with Argon2id password hashes
 * @param security    lockout and session limits
 */
public record ConsoleConfig(String consoleId, Http http, String mqttBroker, String e2eKid, KeyPair e2eKey,
        String commandKid, PrivateKey commandKey, List<GateRef> gates, List<Account> accounts, Security security) {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** {@code host}/{@code port} (0 picks a free port) with the PEM certificate chain and key it serves. */
    public record Http(String host, int port, Path tlsCert, Path tlsKey) {
    }

    /** One supervised gate: its MQTT site and gate ids. */
    public record GateRef(String site, String gate) {
    }

    /** An account; the hash stays out of {@link #toString()}. */
    public record Account(String id, Role role, String passwordHash) {
        @Override
        public String toString() {
            return "Account[" + id + ", " + role + ", hash redacted]";
        }
    }

    /**
     * @param maxFailures failed logins in a row that lock an account (OWASP ASVS 2.2.1)
     * @param lockout     how long a locked account stays locked
     * @param sessionIdle a session unused this long is gone
     */
    public record Security(int maxFailures, Duration lockout, Duration sessionIdle) {
        public static final Security DEFAULT = new Security(5, Duration.ofMinutes(15), Duration.ofMinutes(30));
    }

    public ConsoleConfig {
        List<String> errors = new ArrayList<>();
        check(errors, ID.matcher(Objects.requireNonNullElse(consoleId, "")).matches(),
                "console.id must match [a-z0-9-]{1,32}, was '" + consoleId + "'");
        check(errors, http != null && http.port() >= 0 && http.port() <= 65535,
                "http.port must be in 0..65535, was " + (http == null ? null : http.port()));
        check(errors, mqttBroker != null && (mqttBroker.startsWith("tcp://") || mqttBroker.startsWith("ssl://")),
                "mqtt.broker must start with tcp:// or ssl://, was '" + mqttBroker + "'");
        check(errors, e2eKey != null && e2eKey.getPrivate() instanceof ECPrivateKey,
                "keys.e2e.privateKey must be an EC P-256 key");
        check(errors, commandKey instanceof ECPrivateKey, "keys.command.privateKey must be an EC P-256 key");
        check(errors, gates != null && !gates.isEmpty(), "gates must list at least one {site, gate}");
        check(errors, accounts != null && !accounts.isEmpty(), "accounts must list at least one account");
        if (accounts != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < accounts.size(); i++) {
                Account a = accounts.get(i);
                check(errors, ACCOUNT.matcher(a.id()).matches(), "accounts[" + i + "].id must match "
                        + "[A-Za-z0-9._-]{1,64}, was '" + a.id() + "'");
                check(errors, seen.add(a.id()), "accounts[" + i + "].id '" + a.id() + "' appears twice");
                check(errors, a.role() != null, "accounts[" + i + "].role must be OFFICER, SUPERVISOR or OPERATOR");
                int index = i;
                PasswordHasher.problem(a.passwordHash()).ifPresent(p -> errors.add("accounts[" + index
                        + "].passwordHash: " + p));
            }
        }
        check(errors, security != null && security.maxFailures() >= 1 && security.maxFailures() <= 100,
                "security.maxFailures must be in 1..100");
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        gates = List.copyOf(gates);
        accounts = List.copyOf(accounts);
    }

    private static void check(List<String> errors, boolean ok, String message) {
        if (!ok) {
            errors.add(message);
        }
    }

    @Override
    public String toString() {
        return "ConsoleConfig[" + consoleId + ", " + http + ", " + mqttBroker + ", gates=" + gates + ", accounts="
                + accounts.size() + ", keys redacted]";
    }

    /**
     * Reads and validates a console YAML file; key and certificate paths are relative to it.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    @SuppressWarnings("unchecked")
    public static ConsoleConfig load(Path file) throws IOException {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file)) {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + " is not a YAML mapping");
            }
            root = (Map<String, Object>) map;
        }
        Path base = file.toAbsolutePath().getParent();
        Map<String, Object> console = map(root, "console");
        Map<String, Object> http = map(root, "http");
        Map<String, Object> mqtt = map(root, "mqtt");
        Map<String, Object> keys = map(root, "keys");
        Map<String, Object> e2e = map(keys, "e2e");
        Map<String, Object> command = map(keys, "command");
        Map<String, Object> security = root.containsKey("security") ? map(root, "security") : Map.of();
        List<GateRef> gates = new ArrayList<>();
        for (Object g : list(root, "gates")) {
            Map<String, Object> gate = (Map<String, Object>) g;
            gates.add(new GateRef(String.valueOf(gate.get("site")), String.valueOf(gate.get("gate"))));
        }
        List<Account> accounts = new ArrayList<>();
        for (Object a : list(root, "accounts")) {
            Map<String, Object> account = (Map<String, Object>) a;
            Role role;
            try {
                role = Role.valueOf(String.valueOf(account.get("role")));
            } catch (IllegalArgumentException e) {
                role = null;
            }
            accounts.add(new Account(String.valueOf(account.get("id")), role,
                    String.valueOf(account.get("passwordHash"))));
        }
        Security limits = new Security(
                ((Number) security.getOrDefault("maxFailures", Security.DEFAULT.maxFailures())).intValue(),
                Duration.ofMinutes(((Number) security.getOrDefault("lockoutMinutes", 15)).longValue()),
                Duration.ofMinutes(((Number) security.getOrDefault("sessionIdleMinutes", 30)).longValue()));
        return new ConsoleConfig(String.valueOf(console.get("id")),
                new Http(String.valueOf(http.getOrDefault("host", "127.0.0.1")),
                        ((Number) http.getOrDefault("port", 8443)).intValue(),
                        base.resolve(String.valueOf(http.get("tlsCert"))),
                        base.resolve(String.valueOf(http.get("tlsKey")))),
                String.valueOf(mqtt.get("broker")), String.valueOf(e2e.get("kid")),
                keyPair(base.resolve(String.valueOf(e2e.get("privateKey")))), String.valueOf(command.get("kid")),
                keyPair(base.resolve(String.valueOf(command.get("privateKey")))).getPrivate(), gates, accounts,
                limits);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        if (parent.get(key) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(key + " must be a mapping");
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        if (parent.get(key) instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(key + " must be a list");
    }

    /** A P-256 key pair from a PEM private key (SEC 1 or PKCS#8); the public half is recomputed when absent. */
    public static KeyPair keyPair(Path pem) throws IOException {
        Object parsed;
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pem))) {
            parsed = parser.readObject();
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof PEMKeyPair pair) {
            // SEC 1 "EC PRIVATE KEY": its public key is optional (RFC 5915 §3), so it may have to be recomputed.
            parsed = pair.getPrivateKeyInfo();
        }
        PrivateKey any;
        try {
            any = parsed instanceof PrivateKeyInfo info ? converter.getPrivateKey(info) : null;
        } catch (IOException e) {
            throw new IllegalArgumentException(pem + ": " + e.getMessage(), e);
        }
        if (any instanceof ECPrivateKey key) {
            ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("secp256r1");
            if (!key.getParams().getOrder().equals(p256.getN())) {
                throw new IllegalArgumentException(pem + " holds an EC key that is not on P-256");
            }
            try {
                var q = p256.getG().multiply(key.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                var pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams()));
                return new KeyPair(pub, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(pem + ": public key cannot be derived: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(pem + " holds no EC private key (" + (parsed == null ? "empty"
                : parsed.getClass().getSimpleName()) + ")");
    }

}
