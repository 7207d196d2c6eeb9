package org.openegate.crypto.lds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.trust.MasterList;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.crypto.trust.TrustStoreException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every parser of chip or trust-list bytes may only refuse input with its own reasoned exception: no other
 * exception, no hang, no huge allocation. Without JAZZER_FUZZ=1 only the seed corpus in
 * {@code LdsFuzzTestInputs/<method>} runs (synthetic files from the test-passport factory and small hand-made ones).
 */
class LdsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void sod_failsOnlyWithLdsException(byte[] data) {
        try {
            Sod sod = Sod.parse(data);
            sod.dataGroupHashes();
            sod.toString();
        } catch (LdsException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void passiveAuthentication_neverThrows(byte[] data) {
        // PA turns every defect of a SOD into a result, never an exception
        new PassiveAuthenticator(TrustStore.empty(Clock.systemUTC()))
                .verify(data, Map.of(1, data), List.of(), List.of(), Instant.EPOCH);
    }

    @FuzzTest(maxDuration = "30s")
    void dg1_failsOnlyWithLdsException(byte[] data) {
        try {
            Dg1.parse(data).lines();
        } catch (LdsException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void dg2_failsOnlyWithLdsException(byte[] data) {
        try {
            Dg2.parse(data).blocks().forEach(b -> {
                b.formatOwner();
                b.formatType();
            });
        } catch (LdsException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void com_failsOnlyWithLdsException(byte[] data) {
        try {
            Com com = Com.parse(data);
            com.dataGroups();
            com.ldsVersionDotted();
            com.encode();
        } catch (LdsException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void masterList_failsOnlyWithTrustStoreException(byte[] data) {
        try {
            MasterList list = MasterList.parse(data);
            list.verify(List.of());
            list.countries();
        } catch (TrustStoreException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void dg14_failsOnlyWithLdsException(byte[] data) {
        try {
            for (SecurityInfo.ChipAuthenticationPublicKeyInfo key
                    : Dg14.parse(data).infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class)) {
                key.publicKey();
            }
        } catch (LdsException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void dg15_failsOnlyWithLdsException(byte[] data) {
        try {
            Dg15.parse(data).algorithm();
        } catch (LdsException expected) {
            // a reasoned refusal
        }
    }
}
