'use strict';
// Traveller screen: shows the step the gate sends over server-sent events, in the traveller's language. The gate
// sends a step name only; this page has no way to show a reason, a PAD result or a watchlist hit.
(function () {
  const TEXT = {
    en: {
      title: 'Automated border control',
      WELCOME: ['Welcome. Please step into the gate.', 'One person at a time.'],
      PRESENT_DOCUMENT: ['Place your passport on the reader, photo page down.', 'Step 1 of 4'],
      KEEP_DOCUMENT: ['Keep your passport on the reader.', 'Step 2 of 4 — reading the chip'],
      LOOK_AT_CAMERA: ['Look at the camera. Remove glasses and hat.', 'Step 3 of 4'],
      PLEASE_WAIT: ['Please wait.', 'Step 4 of 4'],
      PROCEED: ['Thank you. Please take your passport and walk through the exit.', ''],
      OFFICER_COMING: ['Please wait here. An officer will assist you.', 'Keep your passport with you.'],
      MANUAL_BOOTH: ['Please take your passport, go back, and go to the staffed booth.', 'Follow the signs.'],
      GO_BACK: ['Please take your passport, go back, and follow the signs to an officer.', ''],
      OUT_OF_SERVICE: ['This gate is closed. Please use another gate.', '']
    },
    fr: {
      title: 'Contrôle automatisé aux frontières',
      WELCOME: ['Bienvenue. Veuillez entrer dans le sas.', 'Une personne à la fois.'],
      PRESENT_DOCUMENT: ['Posez votre passeport sur le lecteur, page photo vers le bas.', 'Étape 1 sur 4'],
      KEEP_DOCUMENT: ['Laissez votre passeport sur le lecteur.', 'Étape 2 sur 4 — lecture de la puce'],
      LOOK_AT_CAMERA: ['Regardez la caméra. Retirez lunettes et chapeau.', 'Étape 3 sur 4'],
      PLEASE_WAIT: ['Veuillez patienter.', 'Étape 4 sur 4'],
      PROCEED: ['Merci. Reprenez votre passeport et avancez vers la sortie.', ''],
      OFFICER_COMING: ['Veuillez patienter ici. Un agent va vous aider.', 'Gardez votre passeport avec vous.'],
      MANUAL_BOOTH: ['Reprenez votre passeport, revenez en arrière et rendez-vous au guichet.', 'Suivez les panneaux.'],
      GO_BACK: ['Reprenez votre passeport, revenez en arrière et suivez les panneaux vers un agent.', ''],
      OUT_OF_SERVICE: ['Ce sas est fermé. Veuillez utiliser un autre sas.', '']
    },
    es: {
      title: 'Control fronterizo automatizado',
      WELCOME: ['Bienvenido. Entre en la puerta, por favor.', 'Una persona cada vez.'],
      PRESENT_DOCUMENT: ['Coloque su pasaporte en el lector, con la página de la foto hacia abajo.', 'Paso 1 de 4'],
      KEEP_DOCUMENT: ['Mantenga su pasaporte en el lector.', 'Paso 2 de 4 — leyendo el chip'],
      LOOK_AT_CAMERA: ['Mire a la cámara. Quítese las gafas y el sombrero.', 'Paso 3 de 4'],
      PLEASE_WAIT: ['Espere, por favor.', 'Paso 4 de 4'],
      PROCEED: ['Gracias. Recoja su pasaporte y avance hacia la salida.', ''],
      OFFICER_COMING: ['Espere aquí, por favor. Un agente le atenderá.', 'Mantenga su pasaporte consigo.'],
      MANUAL_BOOTH: ['Recoja su pasaporte, vuelva atrás y diríjase a la cabina con agente.', 'Siga las indicaciones.'],
      GO_BACK: ['Recoja su pasaporte, vuelva atrás y siga las indicaciones hacia un agente.', ''],
      OUT_OF_SERVICE: ['Esta puerta está cerrada. Utilice otra puerta.', '']
    },
    ar: {
      title: 'مراقبة الحدود الآلية',
      WELCOME: ['مرحبًا بكم. يرجى الدخول إلى البوابة.', 'شخص واحد في كل مرة.'],
      PRESENT_DOCUMENT: ['ضع جواز سفرك على القارئ وصفحة الصورة إلى الأسفل.', 'الخطوة 1 من 4'],
      KEEP_DOCUMENT: ['أبقِ جواز سفرك على القارئ.', 'الخطوة 2 من 4 — قراءة الشريحة'],
      LOOK_AT_CAMERA: ['انظر إلى الكاميرا. انزع النظارة والقبعة.', 'الخطوة 3 من 4'],
      PLEASE_WAIT: ['يرجى الانتظار.', 'الخطوة 4 من 4'],
      PROCEED: ['شكرًا لك. خذ جواز سفرك وتقدّم عبر المخرج.', ''],
      OFFICER_COMING: ['يرجى الانتظار هنا. سيساعدك أحد الموظفين.', 'احتفظ بجواز سفرك معك.'],
      MANUAL_BOOTH: ['خذ جواز سفرك وارجع ثم توجّه إلى الكشك الذي يعمل فيه موظف.', 'اتبع اللافتات.'],
      GO_BACK: ['خذ جواز سفرك وارجع ثم اتبع اللافتات إلى أحد الموظفين.', ''],
      OUT_OF_SERVICE: ['هذه البوابة مغلقة. يرجى استخدام بوابة أخرى.', '']
    }
  };
  const PROGRESS = {PRESENT_DOCUMENT: 1, KEEP_DOCUMENT: 2, LOOK_AT_CAMERA: 3, PLEASE_WAIT: 4};
  const params = new URLSearchParams(location.search);
  let lang = TEXT[params.get('lang')] ? params.get('lang') : 'en';
  let step = 'WELCOME';
  let idleTimer = null;

  function render() {
    const t = TEXT[lang];
    const [message, hint] = t[step] || t.OUT_OF_SERVICE;
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    document.title = t.title;
    document.querySelector('[data-text="title"]').textContent = t.title;
    document.body.setAttribute('data-step', step);
    document.body.setAttribute('data-at', String(PROGRESS[step] || 0));
    document.getElementById('message').textContent = message;
    document.getElementById('hint').textContent = hint;
    document.querySelectorAll('.langs button').forEach(b =>
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang)));
  }

  document.querySelectorAll('.langs button').forEach(b => b.addEventListener('click', () => {
    lang = b.getAttribute('data-lang');
    render();
    // The next traveller gets the default language back once this one has left.
    clearTimeout(idleTimer);
  }));

  const events = new EventSource('events');
  events.onmessage = (e) => {
    const next = JSON.parse(e.data).step;
    if (typeof next !== 'string' || !TEXT.en[next]) return;
    if (next === 'WELCOME' && step !== 'WELCOME' && !params.get('lang')) {
      idleTimer = setTimeout(() => { lang = 'en'; render(); }, 30000);
    }
    step = next;
    render();
  };
  events.onerror = () => { step = 'OUT_OF_SERVICE'; render(); };
  render();
})();
