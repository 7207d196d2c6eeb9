package org.openegate.provisioning.enrol;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openegate.provisioning.enrol.Messages.Reply;
import org.openegate.provisioning.enrol.Messages.Request;
import org.openegate.provisioning.enrol.Messages.Type;
import org.tinylog.Logger;

/**
 * A gate's standing subscription to its provisioning reply topic, waiting for a revocation notice. A notice is
 * acted on only if it names this device and carries a valid signature by the operator key: then the gate wipes
 * ({@link DeviceWipe}) and confirms with {@code WIPED}, so the registrar knows before it shuts the gate out.
 */
public final class RevocationWatch implements AutoCloseable {

    private final String deviceId;
    private final X509Certificate operatorCertificate;
    private final DeviceWipe wipe;
    private final CompletableFuture<DeviceWipe.Report> wiped = new CompletableFuture<>();
    private final MqttLink link;
    /** One permit per message handled: lets a test know a message was seen and ignored, without sleeping. */
    private final java.util.concurrent.Semaphore handled = new java.util.concurrent.Semaphore(0);

    RevocationWatch(String brokerUri, Credentials device, X509Certificate fleetCa, X509Certificate operatorCertificate,
            DeviceWipe wipe, Duration timeout, SecureRandom random) {
        this.deviceId = device.commonName();
        this.operatorCertificate = operatorCertificate;
        this.wipe = wipe;
        this.link = MqttLink.connect(brokerUri, device, fleetCa, this::received, 10, timeout, random);
        link.subscribeOrFail(Ids.replyTopic(deviceId));
    }

    private void received(String topic, byte[] payload) {
        try {
            handle(topic, payload);
        } finally {
            handled.release();
        }
    }

    boolean awaitHandled(int messages, Duration timeout) throws InterruptedException {
        return handled.tryAcquire(messages, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(String topic, byte[] payload) {
        Reply reply;
        try {
            reply = Messages.decodeReply(payload);
        } catch (EnrolmentException e) {
            Logger.warn("Ignored a malformed message on {}: {}", topic, e.getMessage());
            return;
        }
        if (reply.status() != Messages.Status.REVOKED) {
            return;
        }
        if (!deviceId.equals(reply.deviceId()) || reply.revokedAt() == null || reply.signature() == null
                || !Notices.verify(operatorCertificate.getPublicKey(),
                Notices.content(deviceId, reply.requestId(), reply.revokedAt()), reply.signature())) {
            Logger.warn("Ignored a revocation notice for {} on {}: not signed by the operator for this device",
                    reply.deviceId(), topic);
            return;
        }
        Logger.warn("This gate ({}) was revoked by the operator: wiping its keys and personal data", deviceId);
        DeviceWipe.Report report = wipe.wipe();
        try {
            link.publish(Ids.requestTopic(deviceId), Messages.encode(new Request(Type.WIPED, reply.requestId(), null,
                    null, null, null, null, null, null)));
        } catch (EnrolmentException e) {
            Logger.warn("Could not confirm the wipe to the registrar: {}", e.getMessage());
        }
        wiped.complete(report);
    }

    /** Waits up to {@code timeout} for a revocation; empty if none came. */
    public Optional<DeviceWipe.Report> awaitRevocation(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(wiped.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the wipe future never fails", e);
        }
    }

    public boolean isRevoked() {
        return wiped.isDone();
    }

    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "RevocationWatch[" + deviceId + (isRevoked() ? ", revoked" : "") + "]";
    }
}
