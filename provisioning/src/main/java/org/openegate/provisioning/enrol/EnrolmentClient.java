package org.openegate.provisioning.enrol;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openegate.provisioning.DeviceIdentity;
import org.openegate.provisioning.enrol.EnrolmentException.Reason;
import org.openegate.provisioning.enrol.Messages.Reply;
import org.openegate.provisioning.enrol.Messages.Request;
import org.openegate.provisioning.enrol.Messages.Type;
import org.tinylog.Logger;

/**
 * The gate's side of enrolment by claim (and of renewal and bundle fetching), over MQTT 5 with mutual TLS:
 * <ol>
 * <li>{@link #enrol}: connect with the claim certificate, publish the CSR and attributes (and a one-time token if
 * the installer has one) to {@code egate/v1/provisioning/<claim>/request}, wait for the reply on
 * {@code .../reply}, check the certificate against the fleet CA and the device key;</li>
 * <li>{@link #fetchBundles}: reconnect with the gate's own certificate and ask for the initial bundles;</li>
 * <li>{@link #renew}: before expiry ({@link RotationPolicy}), send a CSR for a new key, authenticated by the current
 * certificate and a signature with the current key; then {@link #confirmRotation} with the new certificate, which
 * retires the old one;</li>
 * <li>{@link #watchRevocation}: stay subscribed for a revocation notice, verify it and wipe.</li>
 * </ol>
 * Each call uses its own short connection; the gate's reporting connection (mqtt-bridge) is separate.
 */
public final class EnrolmentClient {

    private final String brokerUri;
    private final X509Certificate fleetCa;
    private final Duration timeout;
    private final Clock clock;
    private final SecureRandom random;

    public EnrolmentClient(String brokerUri, X509Certificate fleetCa, Duration timeout, Clock clock, SecureRandom random) {
        this.brokerUri = Objects.requireNonNull(brokerUri, "brokerUri");
        this.fleetCa = Objects.requireNonNull(fleetCa, "fleetCa");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Asks the registrar for a certificate for {@code deviceKey}, authenticated by the claim certificate and
     * authorised by {@code token} (if given) or the allow-list. The token is sent once and never logged.
     */
    public EnrolmentOutcome enrol(Credentials claim, DeviceIdentity deviceKey, DeviceAttributes attributes,
            Optional<String> token) throws GeneralSecurityException {
        byte[] csr = csr(deviceKey, attributes.serial(), attributes.site());
        Request request = new Request(Type.ENROL, newRequestId(), attributes.serial(), attributes.hardware(),
                attributes.site(), csr, token.orElse(null), null, null);
        Reply reply = exchange(claim, request);
        return outcome(reply, deviceKey, attributes.serial());
    }

    /**
     * Renews the certificate: a CSR for {@code newKey} with the same names, proved by a signature with the current
     * key and sent on the gate's own connection. Returns the new credentials (the caller commits them with
     * {@link DeviceStore#commitRotation}).
     */
    public Credentials renew(Credentials current, DeviceIdentity newKey) throws GeneralSecurityException {
        String deviceId = current.commonName();
        String site = Names.organisationalUnit(current.certificate());
        byte[] csr = csr(newKey, deviceId, site);
        java.security.Signature proof = java.security.Signature.getInstance("SHA256withECDSA");
        proof.initSign(current.key());
        proof.update(csr);
        Request request = new Request(Type.RENEW, newRequestId(), deviceId, null, site, csr, null,
                current.certificate().getEncoded(), proof.sign());
        return outcome(exchange(current, request), newKey, deviceId).issued();
    }

    /**
     * Tells the registrar the gate now uses {@code renewed} (call it after {@link DeviceStore#commitRotation}): over
     * a connection made with the new certificate, it sends the certificate signed by the new key. The registrar
     * then puts the gate's older certificates on the CRL (reason superseded) and reloads the broker, so the old
     * certificate is refused from then on. Returns how many certificates were superseded (0 when repeated).
     */
    public int confirmRotation(Credentials renewed) throws GeneralSecurityException {
        java.security.Signature proof = java.security.Signature.getInstance("SHA256withECDSA");
        proof.initSign(renewed.key());
        byte[] der = renewed.certificate().getEncoded();
        proof.update(der);
        Reply reply = exchange(renewed, new Request(Type.CONFIRM, newRequestId(), renewed.commonName(), null, null, null,
                null, der, proof.sign()));
        if (reply.status() != Messages.Status.CONFIRMED) {
            throw new EnrolmentException(Reason.BROKER, "rotation confirmation of " + renewed.commonName() + " answered "
                    + reply.status() + (reply.reason() == null ? "" : ": " + reply.reason()));
        }
        String count = reply.reason() == null ? "" : reply.reason().replaceAll("[^0-9].*", "");
        return count.isEmpty() ? 0 : Integer.parseInt(count);
    }

    /** Connects with the gate's own certificate and fetches its initial bundles. */
    public List<EnrolmentBundle> fetchBundles(Credentials device) {
        Reply reply = exchange(device, new Request(Type.BUNDLES, newRequestId(), null, null, null, null, null, null, null));
        if (reply.status() != Messages.Status.BUNDLES) {
            throw new EnrolmentException(Reason.BROKER, "bundle request of " + device.commonName() + " answered "
                    + reply.status() + (reply.reason() == null ? "" : ": " + reply.reason()));
        }
        return reply.bundles();
    }

    /**
     * Stays connected with the gate's own certificate, listening for a revocation notice. A notice signed by the
     * operator (whose certificate must chain to the fleet CA) for this device makes it run {@code wipe} and confirm.
     * Anything else on the topic is ignored and logged.
     */
    public RevocationWatch watchRevocation(Credentials device, X509Certificate operatorCertificate, DeviceWipe wipe)
            throws GeneralSecurityException {
        operatorCertificate.verify(fleetCa.getPublicKey());
        operatorCertificate.checkValidity(Date.from(clock.instant()));
        return new RevocationWatch(brokerUri, device, fleetCa, operatorCertificate, wipe, timeout, random);
    }

    private EnrolmentOutcome outcome(Reply reply, DeviceIdentity key, String deviceId) {
        switch (reply.status()) {
            case PENDING:
                return new EnrolmentOutcome(EnrolmentOutcome.Status.PENDING, reply.reason(), Optional.empty(),
                        Optional.empty());
            case REFUSED:
                return new EnrolmentOutcome(EnrolmentOutcome.Status.REFUSED, reply.reason(), Optional.empty(),
                        Optional.empty());
            case ISSUED:
                break;
            default:
                throw new EnrolmentException(Reason.MALFORMED_MESSAGE, "unexpected reply status " + reply.status());
        }
        try {
            if (reply.certificate() == null || reply.operatorCertificate() == null) {
                throw new EnrolmentException(Reason.MALFORMED_MESSAGE, "ISSUED reply lacks a certificate");
            }
            X509Certificate certificate = Pki.certificate(reply.certificate());
            certificate.verify(fleetCa.getPublicKey());
            certificate.checkValidity(Date.from(clock.instant()));
            if (!Arrays.equals(certificate.getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
                throw new EnrolmentException(Reason.BAD_CERTIFICATE, "the issued certificate is not for this device's key");
            }
            if (!deviceId.equals(Names.commonName(certificate))) {
                throw new EnrolmentException(Reason.IDENTITY_MISMATCH,
                        "the issued certificate names " + Names.commonName(certificate) + ", not " + deviceId);
            }
            X509Certificate operator = Pki.certificate(reply.operatorCertificate());
            operator.verify(fleetCa.getPublicKey());
            return new EnrolmentOutcome(EnrolmentOutcome.Status.ISSUED, null,
                    Optional.of(new Credentials(key.privateKey(), certificate)), Optional.of(operator));
        } catch (GeneralSecurityException e) {
            throw new EnrolmentException(Reason.BAD_CERTIFICATE,
                    "the certificate received for " + deviceId + " does not verify against the fleet CA: " + e.getMessage(), e);
        }
    }

    /** One request and its reply (matched by request id) over a short connection. */
    Reply exchange(Credentials credentials, Request request) {
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        String user = credentials.commonName();
        try (MqttLink link = MqttLink.connect(brokerUri, credentials, fleetCa, (topic, payload) -> {
            try {
                Reply reply = Messages.decodeReply(payload);
                if (reply.requestId().equals(request.requestId())) {
                    answer.complete(reply);
                }
            } catch (EnrolmentException e) {
                Logger.warn("Ignored a malformed provisioning reply on {}: {}", topic, e.getMessage());
            }
        }, 10, timeout, random)) {
            link.subscribeOrFail(Ids.replyTopic(user));
            link.publishAndWait(Ids.requestTopic(user), Messages.encode(request));
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new EnrolmentException(Reason.TIMEOUT, "no answer to " + request.type() + " from the registrar on "
                    + brokerUri + " within " + timeout + " (as " + user + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrolmentException(Reason.TIMEOUT, "interrupted waiting for the registrar", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a reply future never fails", e);
        }
    }

    private static byte[] csr(DeviceIdentity key, String deviceId, String site) throws GeneralSecurityException {
        try {
            return key.certificationRequest(deviceId, site).getEncoded();
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot encode the CSR", e);
        }
    }

    private String newRequestId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    @Override
    public String toString() {
        return "EnrolmentClient[" + brokerUri + "]";
    }
}
