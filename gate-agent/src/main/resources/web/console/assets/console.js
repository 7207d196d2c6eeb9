'use strict';
// Officer console: gate tiles and referral cases arrive live over server-sent events; an officer opens a case
// (personal data fetched only for an open case), and decides: admit, refuse, or send to the manual booth.
(async function () {
  const me = await egate.init();
  if (!me) return;
  const el = egate.el;
  const officer = me.role === 'OFFICER';
  const cases = new Map();          // transactionId -> summary
  let selected = null;
  // Measurement hook for the browser test: when each case's card entered the DOM (acceptance 3).
  window.egateShown = [];
  window.egateImages = [];          // when each case's images arrived (the second message)

  const LABELS = {
    mrz: 'MRZ', eligibility: 'Eligibility', age: 'Age (minor)', chipAccess: 'Chip access',
    passiveAuthentication: 'Passive Authentication', chipAuthenticity: 'Chip authenticity (CA/AA)',
    mrzMatchesChip: 'MRZ = chip DG1', face: 'Face comparison', presentationAttack: 'Presentation attack (PAD)',
    documentValidity: 'Document validity', documentWatchlist: 'Document watchlist', gate: 'Gate sensors'
  };
  const REASONS = {
    ADMIT: ['IDENTITY_CONFIRMED', 'FACE_TO_FACE_CONFIRMED', 'MINOR_ACCOMPANIED', 'DOCUMENT_CHECKED_MANUALLY'],
    REFUSE: ['IDENTITY_NOT_CONFIRMED', 'DOCUMENT_FRAUD_SUSPECTED', 'WATCHLIST_CONFIRMED', 'ENTRY_CONDITIONS_NOT_MET'],
    MANUAL_BOOTH: ['MANUAL_CHECK_NEEDED', 'DOCUMENT_NOT_READABLE', 'FURTHER_QUESTIONS']
  };

  function toast(text, kind) {
    const t = document.getElementById('toast');
    t.textContent = text;
    t.className = 'show ' + (kind || '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.className = ''; }, 6000);
  }

  function gateTile(g) {
    let tile = document.querySelector('#gates [data-gate="' + CSS.escape(g.gateId) + '"]');
    if (!tile) {
      tile = el('div', {class: 'gate', 'data-gate': g.gateId});
      document.getElementById('gates').append(tile);
    }
    tile.className = 'gate gate-' + (g.online === false ? 'OFFLINE' : g.state);
    tile.setAttribute('data-state', g.state);
    tile.replaceChildren(el('strong', {}, g.gateId), el('span', {class: 'gstate'}, g.online === false
      ? 'offline' : g.state.replace('_', ' ').toLowerCase()), el('small', {}, g.mode ? 'mode ' + g.mode.toLowerCase() : ''));
  }

  function caseCard(c) {
    const li = el('li', {class: 'case', 'data-transaction-id': c.transactionId, tabIndex: 0},
      el('strong', {}, c.gateId),
      el('span', {class: 'time'}, new Date(c.referredAt).toLocaleTimeString()),
      el('span', {class: 'reasons'}, ...(c.reasons || []).map(r => el('span', {class: 'chip reason'}, r))));
    li.addEventListener('click', () => select(c.transactionId));
    li.addEventListener('keydown', e => { if (e.key === 'Enter') select(c.transactionId); });
    return li;
  }

  function addCase(c) {
    if (cases.has(c.transactionId)) return;
    cases.set(c.transactionId, c);
    const card = caseCard(c);
    document.getElementById('cases').append(card);
    window.egateShown.push({transactionId: c.transactionId, referredAt: Date.parse(c.referredAt), shownAt: Date.now()});
    updateCount();
    if (selected === null) select(c.transactionId);
  }

  function updateCount() {
    document.getElementById('count').textContent = String(document.querySelectorAll('#cases li').length);
  }

  function addHistory(c, status, decision) {
    const d = decision || c.decision || {};
    const li = el('li', {class: 'closed', 'data-transaction-id': c.transactionId || '', 'data-status': status,
      'data-gate-state': d.gateState || ''},
      el('strong', {}, c.gateId), ' ', el('span', {class: 'chip status-' + status}, status), ' ',
      d.verdict ? d.verdict + ' by ' + d.officerId : '', d.gateState ? ' → gate ' + d.gateState : '');
    const h = document.getElementById('history');
    h.prepend(li);
    while (h.children.length > 8) h.lastChild.remove();
  }

  function closeCase(ev) {
    const card = document.querySelector('#cases [data-transaction-id="' + CSS.escape(ev.transactionId) + '"]');
    if (card) card.remove();
    const c = cases.get(ev.transactionId) || {gateId: ev.gateId, transactionId: ev.transactionId};
    cases.delete(ev.transactionId);
    addHistory(c, ev.status, ev.decision);
    updateCount();
    if (selected === ev.transactionId) {
      selected = null;
      // The personal data of a closed case is gone from the server; remove it from the screen too.
      document.getElementById('detail').replaceChildren(el('div', {id: 'result', class: 'result',
        'data-status': ev.status, 'data-gate-state': (ev.decision || {}).gateState || ''},
      el('h2', {}, 'Case closed: ' + ev.status.toLowerCase()),
      el('p', {}, ev.decision && ev.decision.verdict ? ev.decision.verdict + ' by ' + ev.decision.officerId
        + ' — gate ' + ev.gateId + ' is now ' + (ev.decision.gateState || 'unknown') : 'The gate moved on.')));
      const next = document.querySelector('#cases li');
      if (next) setTimeout(() => { if (selected === null) select(next.getAttribute('data-transaction-id')); }, 400);
    }
  }

  function statusBadge(s) {
    return el('span', {class: 'badge status-' + s}, s.replace('_', ' '));
  }

  function checksTable(checks) {
    const rows = Object.entries(checks || {}).map(([key, v]) => el('tr', {'data-check': key},
      el('th', {}, LABELS[key] || key), el('td', {}, statusBadge(v.status)), el('td', {class: 'code'}, v.reason || ''),
      el('td', {class: 'num'}, v.score !== undefined ? v.score.toFixed(4) : ''),
      el('td', {class: 'num'}, v.threshold !== undefined ? (v.score >= v.threshold ? '≥ ' : '< ') + v.threshold : '')));
    return el('table', {class: 'checks'}, el('thead', {}, el('tr', {}, el('th', {}, 'Check'), el('th', {}, 'Result'),
      el('th', {}, 'Reason'), el('th', {}, 'Score'), el('th', {}, 'Threshold'))), el('tbody', {}, ...rows));
  }

  function imageBox(c, which, type, label, pending) {
    const box = el('figure', {class: 'photo' + (pending ? ' pending' : ''), 'data-image': which});
    if (pending) {
      box.append(el('div', {class: 'noimg'}, 'image arriving…'));
    } else if (type === 'image/jpeg' || type === 'image/png') {
      box.append(el('img', {src: '/api/cases/' + encodeURIComponent(c.transactionId) + '/images/' + which,
        alt: label}));
    } else {
      box.append(el('div', {class: 'noimg'}, type ? type + ': not displayable here' : 'no image'));
    }
    box.append(el('figcaption', {}, label));
    return box;
  }

  function mrzTable(t) {
    const fields = [['surname', 'Surname'], ['givenNames', 'Given names'], ['documentNumber', 'Document number'],
      ['documentCode', 'Document type'], ['issuingState', 'Issuing state'], ['nationality', 'Nationality'],
      ['dateOfBirth', 'Date of birth'], ['sex', 'Sex'], ['dateOfExpiry', 'Date of expiry'], ['ageBand', 'Age band']];
    return el('table', {class: 'mrz'}, el('tbody', {}, ...fields.filter(([k]) => t[k] !== undefined)
      .map(([k, label]) => el('tr', {}, el('th', {}, label), el('td', {'data-field': k}, t[k])))));
  }

  async function select(id) {
    selected = id;
    document.querySelectorAll('#cases li').forEach(li => li.classList.toggle('selected',
      li.getAttribute('data-transaction-id') === id));
    const r = await fetch('/api/cases/' + encodeURIComponent(id), {credentials: 'same-origin'});
    if (!r.ok || selected !== id) return;
    const c = await r.json();
    const detail = el('article', {class: 'case-detail', 'data-transaction-id': id},
      el('h2', {}, 'Referral at ' + c.gateId, el('small', {}, ' ' + new Date(c.referredAt).toLocaleTimeString()
        + ' · transaction ' + id.slice(0, 8))),
      el('div', {class: 'reasons'}, ...(c.reasons || []).map(x => el('span', {class: 'chip reason'}, x))));
    if (c.during) {
      detail.setAttribute('data-during', c.during);
      detail.append(el('p', {class: 'warn'}, 'The gate referred by itself in ' + c.during + ': no check results '
        + 'and no traveller data. Check the traveller at the gate.'));
    }
    if (c.personalUnavailable) detail.append(el('p', {class: 'warn'}, c.personalUnavailable));
    if (c.traveller) {
      detail.append(el('div', {class: 'photos'},
        imageBox(c, 'live', c.images && c.images.live, 'Live capture', c.imagesPending),
        imageBox(c, 'portrait', c.images && c.images.portrait, 'Chip portrait (DG2)', c.imagesPending),
        mrzTable(c.traveller)));
    } else if (!officer) {
      detail.append(el('p', {class: 'note'}, 'Supervisor view: personal data is shown to officers only.'));
    }
    for (const w of [c.imagesOmitted, c.imagesUnavailable]) if (w) detail.append(el('p', {class: 'warn'}, w));
    detail.append(checksTable(c.checks));
    if (officer && c.status === 'OPEN') detail.append(decisionForm(c));
    document.getElementById('detail').replaceChildren(detail);
    // The images arrived while this case was being fetched: fetch it again, now with them.
    const known = cases.get(id);
    if (c.imagesPending && known && known.imagesPending === false) select(id);
  }

  // The images of a case come in their own message right after the case: fill them in where they wait.
  function imagesArrived(ev) {
    const c = cases.get(ev.transactionId);
    if (c) c.imagesPending = false;
    window.egateImages.push({transactionId: ev.transactionId, shownAt: Date.now()});
    const detail = document.querySelector('#detail .case-detail[data-transaction-id="' + CSS.escape(ev.transactionId) + '"]');
    if (!detail) return;
    for (const [which, label] of [['live', 'Live capture'], ['portrait', 'Chip portrait (DG2)']]) {
      const old = detail.querySelector('.photo[data-image="' + which + '"]');
      if (old) old.replaceWith(imageBox(ev, which, ev.images && ev.images[which], label, false));
    }
    const photos = detail.querySelector('.photos');
    for (const w of [ev.imagesOmitted, ev.imagesUnavailable]) {
      if (w && photos) photos.after(el('p', {class: 'warn'}, w));
    }
  }

  function decisionForm(c) {
    const form = el('form', {class: 'decide', id: 'decide'});
    let f2f = null;
    if (c.faceToFaceRequired) {
      f2f = el('input', {type: 'checkbox', id: 'faceToFace'});
      form.append(el('label', {class: 'f2f'}, f2f, ' I have checked this traveller face to face at the gate '
        + '(required before admitting on a face or liveness referral).'));
    }
    const reason = el('select', {id: 'reason'});
    const fill = (verdict) => reason.replaceChildren(...REASONS[verdict].map(r => el('option', {value: r}, r)));
    fill('ADMIT');
    form.append(el('label', {}, 'Reason ', reason));
    const buttons = el('div', {class: 'buttons'});
    for (const [verdict, label, cls] of [['ADMIT', 'Admit', 'admit'], ['REFUSE', 'Refuse', 'refuse'],
      ['MANUAL_BOOTH', 'Send to manual booth', 'booth']]) {
      const b = el('button', {type: 'button', class: cls, id: 'verdict-' + verdict}, label);
      b.addEventListener('mouseenter', () => { if (!REASONS[verdict].includes(reason.value)) fill(verdict); });
      b.addEventListener('focus', () => { if (!REASONS[verdict].includes(reason.value)) fill(verdict); });
      b.addEventListener('click', () => decide(c, verdict, reason, f2f, buttons));
      buttons.append(b);
    }
    form.append(buttons);
    return form;
  }

  async function decide(c, verdict, reasonSelect, f2f, buttons) {
    if (!REASONS[verdict].includes(reasonSelect.value)) reasonSelect.value = REASONS[verdict][0];
    let reason = REASONS[verdict].includes(reasonSelect.value) ? reasonSelect.value : REASONS[verdict][0];
    if (verdict === 'ADMIT' && f2f && f2f.checked) reason = 'FACE_TO_FACE_CONFIRMED';
    buttons.querySelectorAll('button').forEach(b => { b.disabled = true; });
    const r = await egate.post('/api/cases/' + encodeURIComponent(c.transactionId) + '/decision',
      {verdict, reason, faceToFaceConfirmed: f2f ? f2f.checked : false});
    const j = await r.json();
    if (r.ok) {
      toast(c.gateId + ': ' + verdict.replace('_', ' ').toLowerCase() + ' — gate now ' + j.decision.gateState, 'ok');
    } else {
      toast(j.message || ('decision failed (' + r.status + ')'), 'bad');
      buttons.querySelectorAll('button').forEach(b => { b.disabled = false; });
    }
  }

  const events = new EventSource('/api/events');
  const conn = document.getElementById('connection');
  events.onopen = () => {
    conn.textContent = 'live'; conn.className = 'conn live';
    if (!window.egateStreamOpenedAt) window.egateStreamOpenedAt = Date.now();
  };
  events.onerror = () => { conn.textContent = 'reconnecting…'; conn.className = 'conn down'; };
  events.addEventListener('gate', e => gateTile(JSON.parse(e.data)));
  events.addEventListener('case', e => addCase(JSON.parse(e.data)));
  events.addEventListener('history', e => { const c = JSON.parse(e.data); addHistory(c, c.status, c.decision); });
  events.addEventListener('closed', e => closeCase(JSON.parse(e.data)));
  events.addEventListener('images', e => imagesArrived(JSON.parse(e.data)));
})();
