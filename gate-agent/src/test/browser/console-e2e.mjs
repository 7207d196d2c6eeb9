// Browser end-to-end test of issue #9, run by WebBrowserTest (JUnit starts Mosquitto, the gates and the console,
// then runs `node console-e2e.mjs` and fails on a non-zero exit). Debian chromium, driven by playwright-core;
// never a browser download.
//
// Env: CONSOLE_URL, SCREEN_URL (one gate's /screen/), PASSWORD, ARTIFACTS (a directory), REFERRALS (default 20),
// GATES (how many gate tiles to expect), CHROMIUM (default /usr/bin/chromium).
// Prints one JSON line on stdout at the end: {"decided":n,"latenciesMs":[...],"medianMs":x,...}.
import { chromium } from 'playwright-core';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const CONSOLE = env.CONSOLE_URL;
const SCREEN = env.SCREEN_URL;
const PASSWORD = env.PASSWORD;
const OUT = env.ARTIFACTS;
const WANT = Number(env.REFERRALS || 20);
const GATES = Number(env.GATES || 4);
// What the traveller must never be told (reason codes, PAD and watchlist wording), in any language.
const FORBIDDEN = /PRESENTATION|ATTACK|WATCHLIST|LIVENESS|MISMATCH|STOLEN|FACE_|PASSIVE_AUTH|CHIP_AUTH|\bPAD\b|MINOR|TAILGATING/i;

function fail(message) {
  throw new Error(message);
}

const profile = mkdtempSync(join(tmpdir(), 'egate-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  ignoreHTTPSErrors: true, // the test CA is not in the profile; TLS itself is still on
  viewport: { width: 1440, height: 900 },
});
const result = { decided: 0, verdicts: {}, gateStates: {}, screenshots: [] };
async function shot(page, name, fullPage = false) {
  const path = join(OUT, name);
  await page.screenshot({ path, fullPage });
  result.screenshots.push(name);
}

try {
  // 1. The traveller screen of one gate, live in its own tab while the officer works.
  const screen = await context.newPage();
  await screen.goto(SCREEN + '?lang=en');
  await screen.evaluate(() => {
    window.stepsSeen = [document.body.getAttribute('data-step')];
    new MutationObserver(() => {
      const s = document.body.getAttribute('data-step');
      if (window.stepsSeen[window.stepsSeen.length - 1] !== s) window.stepsSeen.push(s);
    }).observe(document.body, { attributes: true, attributeFilter: ['data-step'] });
  });

  // 2. The officer logs in.
  const page = await context.newPage();
  await page.goto(CONSOLE + '/login');
  await page.fill('#account', 'officer.1');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/console$/), page.click('#submit')]);
  await page.waitForFunction((n) => document.querySelectorAll('#gates .gate').length >= n, GATES, { timeout: 30000 });
  await page.waitForSelector('.conn.live', { timeout: 30000 });

  // 3. Referrals appear live; the officer decides each: admit (face to face when asked), refuse, manual booth.
  const cycle = ['ADMIT', 'REFUSE', 'MANUAL_BOOTH'];
  let anyShot = false;
  let faceShot = false;
  const liveCases = () => page.evaluate(() => window.egateShown.filter((s) => s.referredAt >= window.egateStreamOpenedAt).length);
  // At least WANT decisions, and at least WANT cases that arrived while the console watched (for the latency).
  while (result.decided < WANT || (await liveCases()) < WANT) {
    const detail = await page.waitForSelector('#detail .case-detail .buttons', { timeout: 120000 });
    const article = await page.$('#detail .case-detail');
    const id = await article.getAttribute('data-transaction-id');
    // Evidence side by side, MRZ data, the five-state results with their colours.
    const badges = await page.$$eval('#detail .checks .badge', (bs) => bs.map((b) => b.className));
    // A referral the gate made by itself (a timeout, tailgating at the open exit) has no check results.
    const gateCase = await page.$('#detail .case-detail[data-during]');
    if (badges.length < 3 && !gateCase) fail('case ' + id + ' shows only ' + badges.length + ' check results');
    if (!badges.every((c) => /status-(PASSED|FAILED|UNDETERMINED|NOT_SUPPORTED|ABORTED)/.test(c))) {
      fail('a check result outside the five TR-03135 states: ' + badges.join(','));
    }
    const hasTraveller = await page.$('#detail .mrz td[data-field="documentNumber"]');
    if (!anyShot || !faceShot) {
      // The images come in a second message right after the case: let them fill in before a screenshot.
      await page.waitForFunction(() => !document.querySelector('#detail .photo.pending'), null, { timeout: 10000 })
        .catch(() => {});
    }
    const images = await page.$$eval('#detail .photo img', (is) => is.map((i) => i.src));
    const reasons = await page.$$eval('#detail .case-detail > .reasons .reason', (rs) => rs.map((r) => r.textContent));
    const faceCase = reasons.some((r) => r === 'FACE_MISMATCH' || r === 'PRESENTATION_ATTACK');
    if (hasTraveller && images.length === 2 && (!anyShot || (faceCase && !faceShot))) {
      await page.waitForFunction(() => [...document.querySelectorAll('#detail .photo img')]
        .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 10000 });
      // For the README: a face-mismatch or PAD case (scores, thresholds, the face-to-face box) if one comes.
      await shot(page, faceCase ? 'console-referral.png' : 'console-referral-any.png', true);
      anyShot = true;
      faceShot = faceShot || faceCase;
    }
    let verdict = cycle[result.decided % cycle.length];
    const f2f = await page.$('#faceToFace');
    if (verdict === 'ADMIT' && f2f) await f2f.check();
    // A transaction can come back as a new case (tailgating at the exit the officer opened): count its entries.
    const inHistory = '#history li[data-transaction-id="' + id + '"]';
    const before = (await page.$$(inHistory)).length;
    await page.click('#verdict-' + verdict);
    // The closed case moves to the history list (the detail pane moves on to the next case by itself).
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n
      || document.querySelector('#toast.bad'), [inHistory, before], { timeout: 20000 });
    const closed = (await page.$(inHistory + ', #toast.bad'));
    const status = await closed.getAttribute('data-status');
    if (status === 'STALE') continue; // the gate moved on before the decision: not counted
    if (status !== 'DECIDED') fail('decision on ' + id + ' failed: ' + (await page.textContent('#toast')));
    const gateState = await closed.getAttribute('data-gate-state');
    const expected = verdict === 'ADMIT' ? 'EXIT_OPEN' : 'REJECTED';
    if (gateState !== expected) fail(verdict + ' on ' + id + ' left the gate in ' + gateState + ', not ' + expected);
    result.decided++;
    result.verdicts[verdict] = (result.verdicts[verdict] || 0) + 1;
    result.gateStates[gateState] = (result.gateStates[gateState] || 0) + 1;
  }
  const shown = await page.evaluate(() => window.egateShown);
  const opened = await page.evaluate(() => window.egateStreamOpenedAt);
  // Only cases referred while the console was watching: one referred before login waited for the officer, not
  // for the console.
  const live = shown.filter((s) => s.referredAt >= opened);
  result.casesBeforeLogin = shown.length - live.length;
  result.latenciesMs = live.map((s) => s.shownAt - s.referredAt);
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  result.medianMs = sorted[Math.floor(sorted.length / 2)];
  result.p90Ms = sorted[Math.floor(sorted.length * 0.9)];
  result.maxMs = sorted[sorted.length - 1];
  result.cases = sorted.length;
  // The second message: from referredAt to the images event reaching the page (cases shown live only).
  const imagesAt = new Map((await page.evaluate(() => window.egateImages)).map((i) => [i.transactionId, i.shownAt]));
  const imageLatencies = live.filter((s) => imagesAt.has(s.transactionId))
    .map((s) => imagesAt.get(s.transactionId) - s.referredAt).sort((a, b) => a - b);
  result.imagesLatenciesMs = imageLatencies;
  result.imagesMedianMs = imageLatencies[Math.floor(imageLatencies.length / 2)];
  // The machine's load while the cases came (1, 5, 15 min): the latency follows it on a shared machine.
  result.loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
  if (!anyShot) fail('no case with both images and MRZ data to photograph');
  if (!faceShot) {
    renameSync(join(OUT, 'console-referral-any.png'), join(OUT, 'console-referral.png'));
    result.screenshots.push('console-referral.png');
  }

  // 4. The traveller screen followed the gate live, and never named a reason.
  result.screenSteps = await screen.evaluate(() => window.stepsSeen);
  if (new Set(result.screenSteps).size < 3) fail('traveller screen saw too few steps: ' + result.screenSteps);
  if (!result.screenSteps.includes('OFFICER_COMING')) fail('traveller screen never showed OFFICER_COMING');
  for (const lang of ['en', 'fr', 'es', 'ar']) {
    await screen.goto(SCREEN + '?lang=' + lang);
    await screen.waitForFunction(() => document.getElementById('message').textContent.length > 0);
    const dir = await screen.getAttribute('html', 'dir');
    if (dir !== (lang === 'ar' ? 'rtl' : 'ltr')) fail(lang + ' screen has dir=' + dir);
    if ((await screen.getAttribute('html', 'lang')) !== lang) fail('screen lang attribute is not ' + lang);
    const text = await screen.innerText('body');
    if (FORBIDDEN.test(text)) fail(lang + ' traveller screen shows a reason: ' + text.match(FORBIDDEN)[0]);
    await shot(screen, 'traveller-screen-' + lang + '.png');
  }

  // 5. A supervisor sees the cases but no personal data and no decision buttons; an operator sees status only.
  await page.evaluate(() => egate.post('/api/logout', {}));
  await page.goto(CONSOLE + '/login');
  await page.fill('#account', 'super.1');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/console$/), page.click('#submit')]);
  await page.waitForSelector('#cases li', { timeout: 60000 });
  await page.waitForSelector('#detail .case-detail', { timeout: 10000 });
  if (await page.$('#detail .buttons')) fail('a supervisor was offered decision buttons');
  if (await page.$('#detail .mrz')) fail('a supervisor was shown MRZ data');
  await shot(page, 'console-supervisor.png');
  await page.evaluate(() => egate.post('/api/logout', {}));
  await page.goto(CONSOLE + '/login');
  await page.fill('#account', 'ops.1');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/status$/), page.click('#submit')]);
  await page.waitForFunction((n) => document.querySelectorAll('#status tbody tr').length >= n, GATES);
  await page.waitForFunction(() => [...document.querySelectorAll('#status td.outbox')].every((t) => t.textContent !== '—'));
  await shot(page, 'status.png');
  const denied = await page.goto(CONSOLE + '/console');
  if (denied.status() !== 403) fail('operator reached the officer console: ' + denied.status());
  result.ok = true;
} catch (e) {
  result.ok = false;
  result.error = String(e && e.stack || e);
  try {
    for (const [i, p] of context.pages().entries()) await p.screenshot({ path: join(OUT, 'failure-' + i + '.png') });
  } catch (ignored) { /* the failure itself is what matters */ }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
