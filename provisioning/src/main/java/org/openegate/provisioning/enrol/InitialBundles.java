package org.openegate.provisioning.enrol;

import java.util.List;

/**
 * The bundles a newly enrolled gate receives (its configuration, policy, trust list, watchlist), made by the
 * operator's {@code BundleSigner} for that device or its site. Called by the registrar once the gate has
 * reconnected with its own certificate and asks for them.
 */
@FunctionalInterface
public interface InitialBundles {

    List<EnrolmentBundle> forDevice(DeviceRecord device) throws Exception;

    static InitialBundles none() {
        return device -> List.of();
    }
}
