package org.openegate.provisioning.enrol;

/**
 * Makes the broker re-read its CRL and ACL files. For Mosquitto that is {@code SIGHUP} to its process
 * ({@link #signal(long)}); a broker managed by systemd may be {@code systemctl reload mosquitto} instead.
 */
@FunctionalInterface
public interface BrokerReload {

    void reload() throws Exception;

    /** No broker to tell (tests of the registry alone, or an operator who reloads by hand). */
    static BrokerReload none() {
        return () -> { };
    }

    /** {@code kill -HUP <pid>}: Mosquitto reloads its ACL file, and (2.0) its listener's certificates and CRL. */
    static BrokerReload signal(long pid) {
        return () -> {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new EnrolmentException(EnrolmentException.Reason.BROKER,
                        "kill -HUP " + pid + " failed: " + output.strip());
            }
        };
    }
}
