package org.openegate.provisioning.enrol;

/**
 * How the fleet's Mosquitto enforces who may use which topics. Both are generated from the registry by
 * {@link BrokerFiles}; the registrar must be told which one the broker runs ({@link Registrar.Options#access()}).
 */
public enum BrokerAccess {
    /**
     * Mosquitto's {@code acl_file}, reloaded with SIGHUP. A forbidden SUBSCRIBE is granted and then delivers
     * nothing; a forbidden PUBLISH is dropped (PUBACK success).
     */
    ACL_FILE,
    /**
     * Mosquitto's dynamic-security plugin, changed at run time by the registrar over
     * {@code $CONTROL/dynamic-security/v1}. A forbidden SUBSCRIBE gets SUBACK 0x87, a forbidden QoS 1 PUBLISH
     * PUBACK 0x87, and a revoked gate is disconnected at once.
     */
    DYNAMIC_SECURITY
}
