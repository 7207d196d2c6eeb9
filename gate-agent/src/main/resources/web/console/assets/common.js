'use strict';
// Shared by the console and the status page: the session's identity and CSRF token, and logout.
window.egate = {
  me: null,
  async init() {
    const r = await fetch('/api/me', {credentials: 'same-origin'});
    if (!r.ok) { location.assign('/login'); return null; }
    this.me = await r.json();
    document.getElementById('who').textContent = this.me.account + ' · ' + this.me.role.toLowerCase();
    document.getElementById('logout').addEventListener('click', () => this.post('/api/logout', {})
      .then(() => location.assign('/login')));
    return this.me;
  },
  post(path, body) {
    return fetch(path, {method: 'POST', credentials: 'same-origin',
      headers: {'content-type': 'application/json', 'x-csrf-token': this.me.csrf},
      body: JSON.stringify(body)});
  },
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
    }
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  },
  ago(iso) {
    if (!iso) return '—';
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 90) return s + ' s ago';
    if (s < 5400) return Math.round(s / 60) + ' min ago';
    if (s < 172800) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' d ago';
  }
};
