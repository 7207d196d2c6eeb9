package org.openegate.gate.device.camera;

import org.openegate.gate.device.DeviceException;

/** Loads OpenCV's native library from the org.openpnp jar, once per JVM (as biometrics' own loader does). */
final class OpenCvNatives {

    private static boolean loaded;

    private OpenCvNatives() {
    }

    static synchronized void ensureLoaded() throws DeviceException {
        if (loaded) {
            return;
        }
        try {
            // loadLocally() extracts the bundled library and System.load()s it; loadShared() needs reflection
            // that Java 12+ refuses
            nu.pattern.OpenCV.loadLocally();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "cannot load the OpenCV native library: "
                    + e.getMessage(), e);
        }
        loaded = true;
    }
}
