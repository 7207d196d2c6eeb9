package org.openegate.gate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lockout, session rotation and expiry with a clock the test moves. */
class SessionsTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-29T04:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static ConsoleConfig config(ConsoleConfig.Security security) throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair e2e = ConsoleRig.p256(random);
        KeyPair cmd = ConsoleRig.p256(random);
        String hash = PasswordHasher.hash("right".toCharArray(), random);
        return new ConsoleConfig("console-t", new ConsoleConfig.Http("127.0.0.1", 0, null, null), "tcp://127.0.0.1:1",
                "e2e", e2e, "cmd", cmd.getPrivate(), List.of(new ConsoleConfig.GateRef("s", "gate-01")),
                List.of(new ConsoleConfig.Account("officer.1", Role.OFFICER, hash)), security);
    }

    @Test
    void login_rotatesTheSessionId_andLockoutEndsAfterItsTime() throws Exception {
        MovableClock clock = new MovableClock();
        Sessions sessions = new Sessions(config(new ConsoleConfig.Security(3, Duration.ofMinutes(15),
                Duration.ofMinutes(30))), clock, new SecureRandom());
        Sessions.Session anonymous = sessions.anonymous();
        Sessions.Result ok = sessions.login(anonymous, "officer.1", "right".toCharArray());
        assertThat(ok.session()).isPresent();
        assertThat(ok.session().get().id).isNotEqualTo(anonymous.id);
        assertThat(ok.session().get().csrf).isNotEqualTo(anonymous.csrf);
        assertThat(sessions.find(anonymous.id)).isEmpty();
        assertThat(ok.session().get().toString()).doesNotContain(ok.session().get().id).doesNotContain(ok.session().get().csrf);

        assertThat(sessions.login(null, "officer.1", "wrong".toCharArray()).failure())
                .contains(Sessions.LoginFailure.BAD_CREDENTIALS);
        assertThat(sessions.login(null, "officer.1", "wrong".toCharArray()).failure())
                .contains(Sessions.LoginFailure.BAD_CREDENTIALS);
        assertThat(sessions.login(null, "officer.1", "wrong".toCharArray()).failure())
                .contains(Sessions.LoginFailure.LOCKED);
        assertThat(sessions.login(null, "officer.1", "right".toCharArray()).failure())
                .contains(Sessions.LoginFailure.LOCKED);
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertThat(sessions.locked("officer.1")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(sessions.locked("officer.1")).isFalse();
        assertThat(sessions.login(null, "officer.1", "right".toCharArray()).session()).isPresent();
    }

    @Test
    void idleSessions_expire_andCsrfIsComparedExactly() throws Exception {
        MovableClock clock = new MovableClock();
        Sessions sessions = new Sessions(config(ConsoleConfig.Security.DEFAULT), clock, new SecureRandom());
        Sessions.Session s = sessions.login(null, "officer.1", "right".toCharArray()).session().orElseThrow();
        assertThat(Sessions.csrfMatches(s, s.csrf)).isTrue();
        assertThat(Sessions.csrfMatches(s, s.csrf + "x")).isFalse();
        assertThat(Sessions.csrfMatches(s, null)).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(sessions.find(s.id)).isPresent(); // touched: the idle time restarts
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(sessions.find(s.id)).isEmpty();
    }

    @Test
    void anonymousSessions_areBounded() throws Exception {
        Sessions sessions = new Sessions(config(ConsoleConfig.Security.DEFAULT), new MovableClock(), new SecureRandom());
        Sessions.Session first = sessions.anonymous();
        for (int i = 0; i < Sessions.MAX_ANONYMOUS + 10; i++) {
            sessions.anonymous();
        }
        assertThat(sessions.find(first.id)).isEmpty();
    }

    @Test
    void config_rejectsBadValuesWhole_andRedactsHashesAndKeys() throws Exception {
        ConsoleConfig good = config(ConsoleConfig.Security.DEFAULT);
        assertThat(good.toString()).doesNotContain("argon2id").contains("keys redacted");
        assertThat(good.accounts().get(0).toString()).doesNotContain("argon2id");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConsoleConfig("Bad Id", good.http(), "http://x",
                good.e2eKid(), good.e2eKey(), good.commandKid(), good.commandKey(), List.of(),
                List.of(new ConsoleConfig.Account("officer.1", Role.OFFICER, "plain"),
                        new ConsoleConfig.Account("officer.1", null, good.accounts().get(0).passwordHash())),
                good.security()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("console.id must match").hasMessageContaining("mqtt.broker")
                .hasMessageContaining("gates must list").hasMessageContaining("accounts[0].passwordHash")
                .hasMessageContaining("accounts[1].id 'officer.1' appears twice")
                .hasMessageContaining("accounts[1].role");
    }
}
