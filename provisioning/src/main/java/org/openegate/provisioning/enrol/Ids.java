package org.openegate.provisioning.enrol;

import org.openegate.mqtt.TopicException;
import org.openegate.mqtt.Topics;

/**
 * Names on the wire. A device id, a site and a claim id each become one MQTT topic level and the CN of a
 * certificate that Mosquitto turns into a user name ({@code use_identity_as_username}), so they follow the topic
 * schema's id rule ({@link Topics}). Claim users are {@code claim-<id>} and the registrar is {@code registrar}:
 * no device may take either name, or it would inherit their broker rights.
 */
final class Ids {

    static final String CLAIM_PREFIX = "claim-";
    static final String REGISTRAR = "registrar";
    static final String PROVISIONING = Topics.PREFIX + "provisioning/";

    private Ids() {
    }

    /** Validates a device id and its site as topic levels and refuses the reserved names. */
    static void requireDevice(String deviceId, String site) {
        try {
            Topics.of(site, deviceId);
        } catch (TopicException e) {
            throw new EnrolmentException(EnrolmentException.Reason.MALFORMED_MESSAGE, e.getMessage(), e);
        }
        if (deviceId.startsWith(CLAIM_PREFIX) || deviceId.equals(REGISTRAR)) {
            throw new EnrolmentException(EnrolmentException.Reason.IDENTITY_MISMATCH,
                    "device id \"" + deviceId + "\" is reserved (claim-* and registrar are broker roles)");
        }
    }

    static String claimUser(String claimId) {
        String user = CLAIM_PREFIX + claimId;
        try {
            Topics.of("provisioning", user);
        } catch (TopicException e) {
            throw new EnrolmentException(EnrolmentException.Reason.BAD_CONFIGURATION, "claim id: " + e.getMessage(), e);
        }
        return user;
    }

    /** {@code egate/v1/provisioning/<user>/request}: where a claim or a device asks. */
    static String requestTopic(String user) {
        return PROVISIONING + user + "/request";
    }

    /** {@code egate/v1/provisioning/<user>/reply}: where the registrar answers it. */
    static String replyTopic(String user) {
        return PROVISIONING + user + "/reply";
    }

    /** The registrar's subscription to every request. */
    static String requestFilter() {
        return PROVISIONING + "+/request";
    }

    /** The user level of a provisioning topic, or null if the topic is not {@code provisioning/<user>/request}. */
    static String userOfRequestTopic(String topic) {
        if (!topic.startsWith(PROVISIONING) || !topic.endsWith("/request")) {
            return null;
        }
        String user = topic.substring(PROVISIONING.length(), topic.length() - "/request".length());
        return user.isEmpty() || user.contains("/") ? null : user;
    }
}
