package org.openegate.provisioning.enrol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.openegate.provisioning.DeviceIdentity;

/**
 * The gate's provisioning state in one folder:
 * <pre>
 * device.key       the device key (via {@link KeyStorage}; encrypted PKCS#8, 0600)
 * device.pem       its certificate from the fleet CA
 * fleet-ca.pem     the fleet CA (installed with the claim certificate; the broker and certificates chain to it)
 * operator.pem     the operator's certificate (bundles and revocation notices are signed with its key)
 * device-next.key  during a rotation only: the new key, kept until its certificate has arrived
 * </pre>
 * Rotation survives a crash at any point: the next key is made once and reused until the renewal succeeds; the
 * new certificate is written before the key is swapped, and on load a certificate whose key is the next key
 * finishes the swap.
 */
public final class DeviceStore {

    static final String CERT = "device.pem";
    static final String CA = "fleet-ca.pem";
    static final String OPERATOR = "operator.pem";

    private final Path dir;
    private final KeyStorage current;
    private final KeyStorage next;
    private final SecureRandom random;

    public DeviceStore(Path dir, KeyStorage current, KeyStorage next, SecureRandom random) {
        this.dir = dir;
        this.current = current;
        this.next = next;
        this.random = random;
    }

    /** A store whose keys are encrypted PKCS#8 files under {@code passphrase}. */
    public static DeviceStore encrypted(Path dir, char[] passphrase, SecureRandom random) {
        return new DeviceStore(dir, KeyStorage.encryptedFile(dir.resolve("device.key"), passphrase, random),
                KeyStorage.encryptedFile(dir.resolve("device-next.key"), passphrase, random), random);
    }

    /** Installs the fleet CA certificate (factory step, with the claim credentials). */
    public void installFleetCa(X509Certificate fleetCa) throws IOException, GeneralSecurityException {
        Pki.writeCertificate(dir.resolve(CA), fleetCa);
    }

    public X509Certificate fleetCa() throws IOException, GeneralSecurityException {
        return Pki.readCertificate(dir.resolve(CA));
    }

    public Optional<X509Certificate> operatorCertificate() throws IOException, GeneralSecurityException {
        Path file = dir.resolve(OPERATOR);
        return Files.exists(file) ? Optional.of(Pki.readCertificate(file)) : Optional.empty();
    }

    /** The device key, made on first use (it never leaves the device; only its CSR does). */
    public DeviceIdentity key() throws IOException, GeneralSecurityException {
        return loadOrCreate(current);
    }

    /** The key for the next certificate, made once per rotation. */
    public DeviceIdentity nextKey() throws IOException, GeneralSecurityException {
        return loadOrCreate(next);
    }

    private DeviceIdentity loadOrCreate(KeyStorage storage) throws IOException, GeneralSecurityException {
        Optional<DeviceIdentity> key = storage.load();
        if (key.isPresent()) {
            return key.get();
        }
        DeviceIdentity made = DeviceIdentity.generate(random);
        storage.store(made);
        return made;
    }

    /** The enrolled credentials, or empty before enrolment. Finishes a rotation a crash interrupted. */
    public Optional<Credentials> credentials() throws IOException, GeneralSecurityException {
        Path certFile = dir.resolve(CERT);
        if (!Files.exists(certFile)) {
            return Optional.empty();
        }
        X509Certificate certificate = Pki.readCertificate(certFile);
        Optional<DeviceIdentity> key = current.load();
        if (key.isPresent() && sameKey(key.get(), certificate)) {
            return Optional.of(new Credentials(key.get().privateKey(), certificate));
        }
        Optional<DeviceIdentity> pending = next.load();
        if (pending.isPresent() && sameKey(pending.get(), certificate)) {
            finishSwap(pending.get());
            return Optional.of(new Credentials(pending.get().privateKey(), certificate));
        }
        throw new EnrolmentException(EnrolmentException.Reason.BAD_CERTIFICATE,
                certFile + " does not belong to the device key (neither current nor next)");
    }

    /** Saves an enrolment: the certificate and the operator certificate that came with it. */
    public void saveEnrolment(Credentials credentials, X509Certificate operatorCertificate)
            throws IOException, GeneralSecurityException {
        Pki.writeCertificate(dir.resolve(OPERATOR), operatorCertificate);
        Pki.writeCertificate(dir.resolve(CERT), credentials.certificate());
    }

    /** Completes a rotation: the new certificate first, then the next key becomes the current key. */
    public void commitRotation(X509Certificate certificate) throws IOException, GeneralSecurityException {
        DeviceIdentity pending = next.load().orElseThrow(() -> new EnrolmentException(
                EnrolmentException.Reason.BAD_CONFIGURATION, "no rotation in progress in " + dir));
        if (!sameKey(pending, certificate)) {
            throw new EnrolmentException(EnrolmentException.Reason.BAD_CERTIFICATE,
                    "the renewed certificate is not for the next key");
        }
        Pki.writeCertificate(dir.resolve(CERT), certificate);
        finishSwap(pending);
    }

    private void finishSwap(DeviceIdentity pending) throws IOException {
        current.store(pending);
        for (Path file : next.files()) {
            Files.deleteIfExists(file);
        }
    }

    /** Every file that holds key material or fleet state, for {@link DeviceWipe}. */
    public List<Path> secretFiles() {
        List<Path> files = new ArrayList<>(current.files());
        files.addAll(next.files());
        files.add(dir.resolve(CERT));
        return files;
    }

    private static boolean sameKey(DeviceIdentity key, X509Certificate certificate) {
        return Arrays.equals(key.publicKey().getEncoded(), certificate.getPublicKey().getEncoded());
    }

    @Override
    public String toString() {
        return "DeviceStore[" + dir + ", keys redacted]";
    }
}
