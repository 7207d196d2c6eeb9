package org.openegate.provisioning.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.provisioning.enrol.DynamicSecurity.Access;
import org.openegate.provisioning.enrol.DynamicSecurity.Acl;
import org.openegate.provisioning.enrol.DynamicSecurity.Grant;

/** The dynamic-security rules and file made from the registry and acl.extra, without a broker. */
class DynamicSecurityTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    @Test
    void configFile_holdsTheRegistrarUnexpiredClaimsAndActiveGates_withLiteralTopics_andDeniesByDefault(@TempDir Path dir)
            throws Exception {
        Fleet fleet = Fleet.init(dir.resolve("fleet"), "Unit", List.of("127.0.0.1"), "unit passphrase".toCharArray(),
                CLOCK, random);
        KeyPair key = Pki.newKey(random);
        fleet.issueClaimCertificate("line-4", key.getPublic(), Duration.ofDays(1), CLOCK, random);
        Clock earlier = Clock.offset(CLOCK, Duration.ofHours(-2));
        fleet.issueClaimCertificate("old", key.getPublic(), Duration.ofMinutes(1), earlier, random); // expired
        try (Registry registry = fleet.registry(CLOCK)) {
            addGate(fleet, registry, "osl-1", "OSL");
            addGate(fleet, registry, "osl-2", "OSL");
            registry.markRevoked("osl-2");
            BrokerFiles files = fleet.brokerFiles(registry, CLOCK);
            files.writeAll(random);

            JsonNode config = Messages.JSON.readTree(Files.readAllBytes(files.dynamicSecurityFile()));
            JsonNode defaults = config.path("defaultACLAccess");
            assertThat(defaults.path("publishClientSend").asBoolean(true)).isFalse();
            assertThat(defaults.path("publishClientReceive").asBoolean(true)).isFalse();
            assertThat(defaults.path("subscribe").asBoolean(true)).isFalse();
            List<String> users = new ArrayList<>();
            config.path("clients").forEach(c -> {
                users.add(c.path("username").asText());
                assertThat(c.has("password")).as("identity comes from the certificate").isFalse();
                assertThat(c.path("roles").path(0).path("rolename").asText()).isEqualTo(c.path("username").asText());
            });
            assertThat(users).containsExactly("registrar", "claim-line-4", "osl-1");
            assertThat(rules(config, "osl-1")).containsExactlyInAnyOrder(
                    "publishClientSend egate/v1/provisioning/osl-1/#", "subscribePattern egate/v1/provisioning/osl-1/#",
                    "publishClientReceive egate/v1/provisioning/osl-1/#", "publishClientSend egate/v1/OSL/osl-1/#",
                    "subscribePattern egate/v1/OSL/osl-1/#", "publishClientReceive egate/v1/OSL/osl-1/#");
            assertThat(rules(config, "claim-line-4")).containsExactlyInAnyOrder(
                    "publishClientSend egate/v1/provisioning/claim-line-4/#",
                    "subscribePattern egate/v1/provisioning/claim-line-4/#",
                    "publishClientReceive egate/v1/provisioning/claim-line-4/#");
            assertThat(rules(config, "registrar")).contains("publishClientSend $CONTROL/dynamic-security/#",
                    "subscribePattern egate/v1/provisioning/+/request", "publishClientSend egate/v1/provisioning/+/reply");
            assertThat(new String(Files.readAllBytes(files.dynamicSecurityFile()))).doesNotContain("%u", "%c");
            assertThat(Files.readString(files.dir().resolve(BrokerFiles.DYNSEC_CONF)))
                    .contains("plugin_opt_config_file " + files.dynamicSecurityFile().toAbsolutePath())
                    .contains("use_identity_as_username true").contains("crlfile").doesNotContain("acl_file");
            assertThat(Files.readString(files.dir().resolve(BrokerFiles.CONF))).contains("acl_file");
        }
    }

    @Test
    void aclExtra_readWriteAndReadWrite_becomeRoleRules() {
        List<Grant> grants = DynamicSecurity.extras("# central consumers\nuser monitor\ntopic read egate/v1/#\n\n"
                + "user console\ntopic write egate/v1/+/+/cmd/#\ntopic egate/v1/console/#\n", "acl.extra");
        assertThat(grants).containsExactly(
                new Grant("monitor", List.of(new Acl(Access.SUBSCRIBE, "egate/v1/#"), new Acl(Access.RECEIVE, "egate/v1/#"))),
                new Grant("console", List.of(new Acl(Access.SEND, "egate/v1/+/+/cmd/#"),
                        new Acl(Access.SEND, "egate/v1/console/#"), new Acl(Access.SUBSCRIBE, "egate/v1/console/#"),
                        new Acl(Access.RECEIVE, "egate/v1/console/#"))));
    }

    @Test
    void aclExtra_whatThePluginCannotExpress_isRefusedNamingTheLine() {
        assertRefused("user a\ntopic read x\npattern read egate/v1/%u/#\n", "line 3", "pattern");
        assertRefused("topic read egate/v1/#\n", "line 1", "before any user");
        assertRefused("user a\ntopic read egate/#/x\n", "line 2", "wildcard");
        assertRefused("user a\ntopic sometimes egate/v1/x\n", "line 2", "sometimes");
        assertRefused("user a/b\n", "line 1", "user name");
        assertRefused("user\n", "line 1", "one name");
    }

    @Test
    void aclExtra_mayNotTakeAFleetName(@TempDir Path dir) throws Exception {
        Fleet fleet = Fleet.init(dir.resolve("fleet"), "Unit", List.of("127.0.0.1"), "unit passphrase".toCharArray(),
                CLOCK, random);
        try (Registry registry = fleet.registry(CLOCK)) {
            addGate(fleet, registry, "osl-1", "OSL");
            for (String name : List.of("registrar", "claim-x", "osl-1")) {
                assertThatThrownBy(() -> DynamicSecurity.desired(registry,
                        DynamicSecurity.extras("user " + name + "\ntopic read egate/v1/#\n", "acl.extra")))
                        .isInstanceOf(EnrolmentException.class).hasMessageContaining("names user " + name);
            }
        }
    }

    private static void assertRefused(String text, String line, String why) {
        assertThatThrownBy(() -> DynamicSecurity.extras(text, "acl.extra"))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("acl.extra " + line).hasMessageContaining(why)
                .extracting(e -> ((EnrolmentException) e).reason()).isEqualTo(EnrolmentException.Reason.BAD_CONFIGURATION);
    }

    private void addGate(Fleet fleet, Registry registry, String id, String site) throws Exception {
        var certificate = fleet.issueDeviceCertificate(id, site, Pki.newKey(random).getPublic(), Duration.ofDays(1),
                CLOCK.instant(), random);
        registry.inTransaction(() -> {
            registry.insertDevice(id, site, "mk3");
            registry.insertCertificate(id, certificate);
            return null;
        });
    }

    private static List<String> rules(JsonNode config, String role) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : config.path("roles")) {
            if (r.path("rolename").asText().equals(role)) {
                r.path("acls").forEach(a -> {
                    assertThat(a.path("allow").asBoolean()).isTrue();
                    out.add(a.path("acltype").asText() + " " + a.path("topic").asText());
                });
            }
        }
        return out;
    }
}
