'use strict';
// Login: fetch a CSRF token for an anonymous session first, then post the credentials with it.
(function () {
  let csrf = null;
  const error = document.getElementById('error');
  fetch('/api/csrf', {credentials: 'same-origin'}).then(r => r.json()).then(j => { csrf = j.csrf; });
  document.getElementById('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const r = await fetch('/api/login', {
      method: 'POST', credentials: 'same-origin',
      headers: {'content-type': 'application/json', 'x-csrf-token': csrf || ''},
      body: JSON.stringify({account: document.getElementById('account').value,
        password: document.getElementById('password').value})
    });
    const j = await r.json();
    if (r.ok) {
      location.assign(j.home);
    } else {
      error.textContent = j.message || ('login failed (' + r.status + ')');
      document.getElementById('password').value = '';
    }
  });
})();
