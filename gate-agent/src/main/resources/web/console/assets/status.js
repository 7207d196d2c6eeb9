'use strict';
// Operator status page: polls /api/status every 2 s and renders one row per supervised gate.
(async function () {
  const me = await egate.init();
  if (!me) return;
  const el = egate.el;
  const tbody = document.querySelector('#status tbody');
  async function refresh() {
    const r = await fetch('/api/status', {credentials: 'same-origin'});
    if (!r.ok) { location.assign('/login'); return; }
    const s = await r.json();
    document.getElementById('consoleInfo').textContent = 'console ' + s.console.id + ' ' + s.console.version
      + (s.console.mqttConnected ? ' · broker connected' : ' · BROKER DISCONNECTED')
      + ' · ' + s.console.openCases + ' open case(s)';
    tbody.replaceChildren(...s.gates.map(g => {
      const serving = ['IDLE', 'DOCUMENT', 'CHIP', 'FACE', 'DECIDING', 'EXIT_OPEN', 'REFERRED', 'REJECTED']
        .includes(g.state);
      const health = !g.online ? 'OFFLINE' : serving ? 'UP' : 'OUT_OF_SERVICE';
      const versions = g.versions ? Object.entries(g.versions).map(([k, v]) => k + ' ' + v).join(', ') : '—';
      const errors = (g.recentErrors || []);
      return el('tr', {'data-gate': g.gateId},
        el('td', {}, g.site + ' / ' + g.gateId),
        el('td', {}, el('span', {class: 'badge health-' + health}, health)),
        el('td', {class: 'state'}, g.state || '—'),
        el('td', {}, g.mode || '—'),
        el('td', {}, versions),
        el('td', {class: 'trust-age'}, g.trustListLoadedAt ? egate.ago(g.trustListLoadedAt)
          + ' (' + g.trustListCertificates + ' certificates)' : '—'),
        el('td', {}, g.watchlistEntries !== undefined ? g.watchlistEntries + ' entries' : '—'),
        el('td', {class: 'outbox'}, g.outboxDepth !== undefined ? String(g.outboxDepth) : '—'),
        el('td', {}, egate.ago(g.lastSeen)),
        el('td', {class: 'errors'}, errors.length === 0 ? 'none'
          : el('ul', {}, ...errors.slice(0, 5).map(x => el('li', {}, x.code + ': ' + x.detail + ' (' + egate.ago(x.at) + ')')))));
    }));
  }
  await refresh();
  setInterval(refresh, 2000);
})();
