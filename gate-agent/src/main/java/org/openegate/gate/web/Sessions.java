package org.openegate.gate.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts, sessions, CSRF tokens and lockout, in memory (a restarted console asks everyone to log in again).
 *
 * <ul>
 *   <li>Session ids and CSRF tokens are 256 random bits; a session's id is replaced at login (no fixation).</li>
 *   <li>A session is gone after {@code sessionIdle} without use.</li>
 *   <li>Every state-changing request carries the session's CSRF token in a header (synchroniser token, OWASP
 *       CSRF cheat sheet); the cookie is also {@code SameSite=Strict}.</li>
 *   <li>{@code maxFailures} wrong passwords in a row lock the account for {@code lockout}, whether or not the
 *       account exists (so lockout does not tell which ids are real); a locked account is refused without even
 *       checking the password.</li>
 * </ul>
 * Not thread-safe: used from the console's event loop and its ordered login worker only, under this object's lock.
 */
final class Sessions {

    /** A logged-in (or, before login, anonymous) session. */
    static final class Session {
        final String id;
        final String csrf;
        final String account;
        final Role role;
        Instant lastUsed;

        Session(String id, String csrf, String account, Role role, Instant lastUsed) {
            this.id = id;
            this.csrf = csrf;
            this.account = account;
            this.role = role;
            this.lastUsed = lastUsed;
        }

        boolean authenticated() {
            return account != null;
        }

        @Override
        public String toString() {
            return "Session[" + (account == null ? "anonymous" : account + ", " + role) + ", ids redacted]";
        }
    }

    /** Why a login failed; the HTTP answer is the same for all but LOCKED, so ids are not enumerable. */
    enum LoginFailure {
        BAD_CREDENTIALS,
        LOCKED
    }

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, ConsoleConfig.Account> accounts = new HashMap<>();
    static final int MAX_ANONYMOUS = 1000;
    private final Map<String, Session> sessions = new java.util.LinkedHashMap<>();
    private final Map<String, Failures> failures = new HashMap<>();
    private final ConsoleConfig.Security limits;
    private final Clock clock;
    private final SecureRandom random;

    Sessions(ConsoleConfig config, Clock clock, SecureRandom random) {
        config.accounts().forEach(a -> accounts.put(a.id(), a));
        this.limits = config.security();
        this.clock = clock;
        this.random = random;
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** An anonymous session: it only carries the CSRF token the login form must send back. */
    synchronized Session anonymous() {
        purge();
        // Anyone can ask for an anonymous session: bound them, dropping the oldest, so a flood costs memory once.
        long anonymous = sessions.values().stream().filter(x -> !x.authenticated()).count();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext() && anonymous >= MAX_ANONYMOUS;) {
            if (!it.next().authenticated()) {
                it.remove();
                anonymous--;
            }
        }
        Session s = new Session(token(), token(), null, null, clock.instant());
        sessions.put(s.id, s);
        return s;
    }

    /** The live session with this id, touched. */
    synchronized Optional<Session> find(String id) {
        purge();
        Session s = id == null ? null : sessions.get(id);
        if (s != null) {
            s.lastUsed = clock.instant();
        }
        return Optional.ofNullable(s);
    }

    /** Constant-time comparison of a presented CSRF token with the session's. */
    static boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Whether the account is locked now (checked before the costly hash). */
    synchronized boolean locked(String account) {
        Failures f = failures.get(account);
        return f != null && f.lockedUntil() != null && clock.instant().isBefore(f.lockedUntil());
    }

    /**
     * Checks a password (blocking: Argon2id takes tens of milliseconds; call on a worker) and, on success,
     * replaces {@code previous} with a fresh authenticated session.
     */
    Result login(Session previous, String account, char[] password) {
        if (locked(account)) {
            return new Result(Optional.empty(), Optional.of(LoginFailure.LOCKED));
        }
        ConsoleConfig.Account known = accounts.get(account);
        boolean ok;
        if (known == null) {
            PasswordHasher.dummyVerify(password);
            ok = false;
        } else {
            ok = PasswordHasher.verify(known.passwordHash(), password);
        }
        java.util.Arrays.fill(password, '\0');
        synchronized (this) {
            if (!ok) {
                Failures f = failures.getOrDefault(account, new Failures(0, null));
                int count = f.count() + 1;
                Instant until = count >= limits.maxFailures() ? clock.instant().plus(limits.lockout()) : null;
                failures.put(account, new Failures(until == null ? count : 0, until));
                return new Result(Optional.empty(), Optional.of(until == null ? LoginFailure.BAD_CREDENTIALS
                        : LoginFailure.LOCKED));
            }
            failures.remove(account);
            if (previous != null) {
                sessions.remove(previous.id);
            }
            Session s = new Session(token(), token(), known.id(), known.role(), clock.instant());
            sessions.put(s.id, s);
            return new Result(Optional.of(s), Optional.empty());
        }
    }

    record Result(Optional<Session> session, Optional<LoginFailure> failure) {
    }

    synchronized void logout(Session session) {
        sessions.remove(session.id);
    }

    private void purge() {
        Instant oldest = clock.instant().minus(limits.sessionIdle());
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext();) {
            if (it.next().lastUsed.isBefore(oldest)) {
                it.remove();
            }
        }
    }

    Duration idle() {
        return limits.sessionIdle();
    }
}
