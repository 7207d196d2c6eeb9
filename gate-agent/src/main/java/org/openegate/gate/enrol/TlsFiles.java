package org.openegate.gate.enrol;

import java.io.IOException;
import org.openegate.provisioning.enrol.EnrolmentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.openegate.mqtt.TlsOptions;
import org.openegate.provisioning.KeyFiles;
import org.openegate.provisioning.enrol.Credentials;
import org.openegate.provisioning.enrol.DeviceWipe;

/**
 * The device certificate and its key as the MQTT publisher reads them: mqtt-bridge's {@link TlsOptions} takes PEM
 * files (and re-reads them on every connect), with an unencrypted PKCS#8 key. The key is stored encrypted in the
 * device store; this decrypted copy lives only in a private folder (0700, files 0600) on a RAM file system
 * ({@code provisioning.runtimeDir}, default {@code /dev/shm}), is written once per certificate (a generation per
 * rotation, so a publisher never reads a certificate with the other generation's key), and is wiped when the gate
 * stops, rotates or is revoked.
 */
final class TlsFiles implements AutoCloseable {

    private final Path dir;
    private final Path fleetCa;
    private final List<Path> written = new ArrayList<>();
    private int generation;

    private TlsFiles(Path dir, Path fleetCa) {
        this.dir = dir;
        this.fleetCa = fleetCa;
    }

    static TlsFiles create(Path runtimeDir, String gateId, Path fleetCa, SecureRandom random) {
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        Path dir = runtimeDir.resolve("egate-" + gateId + "-" + HexFormat.of().formatHex(suffix));
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new EnrolmentException(EnrolmentException.Reason.STORAGE, "cannot make the private TLS"
                    + " folder " + dir + ": " + e.getMessage(), e);
        }
        return new TlsFiles(dir, fleetCa);
    }

    Path dir() {
        return dir;
    }

    /** Writes a new generation for {@code credentials} and returns the options naming it. */
    synchronized TlsOptions write(Credentials credentials) {
        generation++;
        Path cert = dir.resolve("device-" + generation + ".pem");
        Path key = dir.resolve("device-" + generation + ".key");
        try {
            KeyFiles.writePrivate(cert, pem("CERTIFICATE", credentials.certificate().getEncoded()));
            KeyFiles.writePrivate(key, pem("PRIVATE KEY", credentials.key().getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new EnrolmentException(EnrolmentException.Reason.STORAGE, "cannot write the TLS files in "
                    + dir + ": " + e.getClass().getSimpleName(), e);
        }
        written.add(cert);
        written.add(key);
        return TlsOptions.mutual(fleetCa, cert, key);
    }

    /** Destroys every generation but the newest (after a rotation, once the new connection is set up). */
    synchronized void dropOlderGenerations() {
        List<Path> old = written.subList(0, Math.max(0, written.size() - 2));
        if (!old.isEmpty()) {
            new DeviceWipe(List.copyOf(old)).wipe();
            old.clear();
        }
    }

    private static byte[] pem(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Destroys the folder and everything in it. */
    @Override
    public synchronized void close() {
        if (Files.exists(dir)) { // a revocation wiped it already
            new DeviceWipe(List.of(dir)).wipe();
        }
        written.clear();
    }

    @Override
    public String toString() {
        return "TlsFiles[" + dir + ", generation " + generation + "]";
    }
}
