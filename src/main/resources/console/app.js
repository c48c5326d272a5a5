// The operators' console: reads and acts through the operators' API. Everything that comes from mail
// (subjects, names, addresses, bodies) is untrusted and is only ever put into the page as text.
'use strict';

(function () {
  const HEADER = { 'X-Mail2case-Console': '1' };
  const OPEN_STATUSES = 'OPEN,IN_PROGRESS,WAITING,ON_HOLD,RESOLVED';
  const STATUSES = ['OPEN', 'IN_PROGRESS', 'WAITING', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'REJECTED'];
  const DELIVERY_STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'NOT_SENT', 'BLOCKED'];
  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'onclick' || k === 'onsubmit' || k === 'onchange') node.addEventListener(k.slice(2), v);
      else if (k === 'text') node.textContent = String(v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function when(t) {
    if (!t) return '';
    const d = new Date(t);
    return isNaN(d) ? String(t) : d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }

  function say(message, isError) {
    const s = $('status');
    s.textContent = message || '';
    s.className = isError ? 'error' : '';
  }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, options) {
    const o = Object.assign({ credentials: 'same-origin', headers: {} }, options || {});
    if (o.method && o.method !== 'GET') Object.assign(o.headers, HEADER);
    if (o.json !== undefined) {
      o.headers['Content-Type'] = 'application/json';
      o.body = JSON.stringify(o.json);
      delete o.json;
    }
    const r = await fetch(path, o);
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (r.status === 401 && !path.startsWith('/api/session')) {
      showSignIn();
      throw new ApiError(401, 'Please sign in.');
    }
    if (!r.ok) throw new ApiError(r.status, (body && body.error) || ('HTTP ' + r.status));
    return body;
  }

  function number(v) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : 0;
  }

  function caseLink(n) {
    return n ? el('a', { href: '/cases/' + number(n) }, '#' + number(n)) : '';
  }

  function table(caption, heads, rows) {
    return el('table', {},
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, heads.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: heads.length }, 'None.'))));
  }

  function row(...cells) {
    return el('tr', {}, cells.map((c) => el('td', {}, c)));
  }

  function statusCell(s) {
    return el('span', { class: 'status-' + String(s).replace(/[^A-Z_]/g, '') }, s);
  }

  function view(...children) {
    const v = $('view');
    v.replaceChildren(...children.flat(Infinity));
  }

  // ---- sign-in -------------------------------------------------------------------------------

  function showSignIn() {
    $('nav').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('view').replaceChildren();
    $('sign-in').hidden = false;
    $('token').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    $('sign-in-error').textContent = '';
    try {
      const r = await fetch('/api/session', {
        method: 'POST', credentials: 'same-origin',
        headers: Object.assign({ Authorization: 'Bearer ' + token }, HEADER)
      });
      if (!r.ok) {
        $('sign-in-error').textContent = r.status === 401 ? 'That token is not valid.' : 'Sign-in failed: HTTP ' + r.status;
        return;
      }
      $('token').value = '';
      $('sign-in').hidden = true;
      await start();
    } catch (e) {
      $('sign-in-error').textContent = 'Sign-in failed: ' + e.message;
    }
  }

  async function signOut() {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin', headers: HEADER });
    showSignIn();
  }

  // ---- views ---------------------------------------------------------------------------------

  async function counts() {
    try {
      const [u, r] = await Promise.all([
        api('/api/cases?size=1&unassigned=true&status=' + OPEN_STATUSES),
        api('/api/cases?size=1&unregistered=true')]);
      $('count-unassigned').textContent = '(' + u.total + ')';
      $('count-unregistered').textContent = '(' + r.total + ')';
    } catch (e) { /* the counts are a convenience */ }
  }

  async function caseList(params) {
    const viewName = params.get('view') || 'all';
    const q = new URLSearchParams();
    for (const k of ['status', 'queue', 'account', 'client', 'assignee', 'createdFrom', 'createdTo', 'q', 'page', 'sort']) {
      if (params.get(k)) q.set(k, params.get(k));
    }
    let title = 'All cases';
    if (viewName === 'unassigned') {
      title = 'Unassigned';
      q.set('unassigned', 'true');
      if (!q.has('status')) q.set('status', OPEN_STATUSES);
    } else if (viewName === 'unregistered') {
      title = 'Unregistered users';
      q.set('unregistered', 'true');
    }
    const data = await api('/api/cases?' + q.toString());
    let week = null;
    if (viewName === 'unregistered') {
      const from = new Date(Date.now() - 7 * 86400000).toISOString().slice(0, 10);
      week = (await api('/api/cases?size=1&unregistered=true&createdFrom=' + from)).total;
    }
    const field = (label, name, input) => el('div', { class: 'field' }, el('label', { for: 'f-' + name }, label), input);
    const statusSelect = el('select', { id: 'f-status', name: 'status' },
      el('option', { value: '' }, viewName === 'unassigned' ? 'open' : 'any'),
      STATUSES.map((s) => el('option', { value: s, selected: params.get('status') === s }, s)));
    const filters = el('form', { class: 'filters', method: 'get', action: '/', role: 'search', 'aria-label': 'Filter cases' },
      el('input', { type: 'hidden', name: 'view', value: viewName }),
      field('Text in subject, body or sender', 'q', el('input', { id: 'f-q', name: 'q', type: 'search', value: params.get('q') || '' })),
      field('Status', 'status', statusSelect),
      field('Queue', 'queue', el('input', { id: 'f-queue', name: 'queue', value: params.get('queue') || '', size: 12 })),
      field('Account', 'account', el('input', { id: 'f-account', name: 'account', value: params.get('account') || '', size: 10 })),
      field('Created from', 'createdFrom', el('input', { id: 'f-createdFrom', name: 'createdFrom', type: 'date', value: params.get('createdFrom') || '' })),
      field('Created to', 'createdTo', el('input', { id: 'f-createdTo', name: 'createdTo', type: 'date', value: params.get('createdTo') || '' })),
      el('button', { type: 'submit' }, 'Filter'));
    filters.addEventListener('submit', () => {
      for (const i of filters.querySelectorAll('input, select')) if (!i.value) i.disabled = true;
    });
    const c = data.counts;
    const summary = el('p', { class: 'counts', id: 'case-counts' },
      c.matching + ' case(s); ' + c.unassigned + ' without assignee; ' + c.unregistered + ' from unregistered senders'
      + (week === null ? '' : '; ' + week + ' from unregistered senders in the last 7 days') + '.');
    const rows = data.cases.map((k) => row(caseLink(k.number), k.subject,
      k.senderName ? k.senderName + ' <' + (k.senderAddress || '') + '>' : (k.senderAddress || ''),
      k.status, k.queue || '', k.assignee ? (k.assignee.name || k.assignee.email) : '',
      k.client ? k.client.name : '', k.unregistered ? 'yes' : '', when(k.createdAt)));
    const page = data.page;
    const pager = el('p', { class: 'pager' });
    if (page > 1) pager.append(pageLink(params, page - 1, 'Previous page'));
    if (page * data.size < data.total) pager.append(pageLink(params, page + 1, 'Next page'));
    view(el('h1', {}, title), filters, summary,
      table(title + ', page ' + page, ['Case', 'Subject', 'From', 'Status', 'Queue', 'Assignee', 'Client', 'Unregistered', 'Created'], rows),
      pager);
  }

  function pageLink(params, page, label) {
    const p = new URLSearchParams(params);
    p.set('page', page);
    return el('a', { href: '/?' + p.toString() }, label);
  }

  async function casePage(n) {
    const k = await api('/api/cases/' + n);
    document.title = '#' + k.number + ' ' + k.subject + ' - mail2case';
    const who = (p) => (p ? (p.name ? p.name + ' <' + (p.email || '') + '>' : (p.email || '')) : '');
    const facts = el('dl', { class: 'facts' },
      [['Status', k.status], ['Queue', k.queue], ['Assignee', who(k.assignee) || 'none (Unassigned)'],
        ['Client', k.client ? k.client.name : ''], ['Sender', (k.senderName ? k.senderName + ' ' : '') + '<' + (k.senderAddress || '') + '>'],
        ['Registered sender', k.unregistered ? 'no (unregistered)' : 'yes'], ['Account', k.account],
        ['Opened', when(k.createdAt)], ['Deadline', when(k.deadlineAt)], ['Closed', when(k.closedAt)],
        ['Why here', k.assignment || '']].map(([t, d]) => [el('dt', {}, t), el('dd', {}, d || '')]));
    const statusSelect = el('select', { id: 'new-status' }, STATUSES.map((s) => el('option', { value: s, selected: s === k.status }, s)));
    const actions = el('div', { class: 'actions' },
      el('label', { for: 'new-status' }, 'Status'), statusSelect,
      el('button', { type: 'button', onclick: () => act('/api/cases/' + n + '/status', { status: statusSelect.value }, 'Status changed.') }, 'Change status'),
      el('button', { type: 'button', onclick: () => act('/api/cases/' + n + '/close', undefined, 'Case closed.') }, 'Close case'));
    const comments = k.comments.map((c) => el('article', { class: 'comment' },
      el('p', { class: 'meta' }, (c.author || '') + ' · ' + when(c.at) + (c.nonParticipant ? ' · not a participant' : '')),
      el('pre', { class: 'mail' }, c.text || ''),
      c.fullText && c.fullText !== c.text
        ? el('details', {}, el('summary', {}, 'Full text with quoted mail'), el('pre', { class: 'mail' }, c.fullText)) : null));
    const messages = k.messages.map((m) => {
      const cell = el('td', {});
      if (m.html) {
        // the mail's own HTML goes into a sandboxed frame (scripts off) on a full-width row below
        cell.append(el('button', {
          type: 'button', 'aria-expanded': 'false', onclick: (e) => {
            const tr = e.target.closest('tr');
            e.target.disabled = true;
            e.target.setAttribute('aria-expanded', 'true');
            tr.after(el('tr', {}, el('td', { colspan: 7 },
              el('iframe', { class: 'mail-html', sandbox: '', src: m.html, title: 'Sanitised HTML of mail ' + m.id, referrerpolicy: 'no-referrer' }))));
          }
        }, 'Show HTML'));
      }
      return el('tr', {}, el('td', {}, when(m.at)), el('td', {}, m.direction), el('td', {}, m.from || ''),
        el('td', {}, m.subject || ''), el('td', {}, m.automatic || ''),
        el('td', {}, m.rawMail ? el('a', { href: m.rawMail, download: 'case-' + k.number + '-mail-' + m.id + '.eml' }, 'Raw mail (.eml)') : ''),
        cell);
    });
    const attachments = k.attachments.map((a) => row(
      el('a', { href: a.download, download: a.filename }, a.filename), a.contentType, String(a.size) + ' bytes', a.inline ? 'inline' : ''));
    const events = k.events.map((e) => row(when(e.at), e.event, e.detail || '', e.actor));
    view(el('h1', {}, '#' + k.number + ' ', k.subject), facts, actions,
      el('h2', {}, 'Comments'), comments.length ? comments : el('p', {}, 'No comments.'),
      el('h2', {}, 'Mails'), table('Mails of this case', ['Received', 'Direction', 'From', 'Subject', 'Automatic', 'Raw mail', 'HTML'], messages),
      el('h2', {}, 'Attachments'), table('Attachments', ['File', 'Type', 'Size', ''], attachments),
      el('h2', {}, 'Events'), table('Events', ['At', 'Event', 'Detail', 'By'], events),
      el('h2', {}, 'Deliveries'), deliveriesTable('Deliveries of this case', k.deliveries, false));
  }

  function deliveriesTable(caption, rows, withCase) {
    // the grid of all mail links each row to its case, whose page has the full log
    const heads = (withCase ? ['Case'] : []).concat(['Mail', 'Event', 'Recipient', 'Status', 'Why not sent / last error', 'Attempts', 'Created'],
      withCase ? [] : ['Log'], ['']);
    return table(caption, heads, rows.map((d) => {
      const log = d.log && d.log.length
        ? el('details', {}, el('summary', {}, d.log.length + ' entries'),
          el('ul', {}, d.log.map((l) => el('li', {}, when(l.at) + ' ' + l.outcome + (l.detail ? ': ' + l.detail : '')))))
        : '';
      const cells = (withCase ? [caseLink(d.case)] : []).concat([
        String(d.id), d.event, d.recipient || '(none)', statusCell(d.status), d.notSentReason || d.lastError || '',
        String(d.attempts), when(d.createdAt)].concat(withCase ? [] : [log], [
        el('button', { type: 'button', 'data-resend': d.id, 'aria-label': 'Resend mail ' + d.id, onclick: () => resend(d.id, false) }, 'Resend')]));
      return row(...cells);
    }));
  }

  async function resend(id, override) {
    try {
      const r = await api('/api/deliveries/' + id + '/resend', { method: 'POST', json: override ? { overrideBlock: true } : {} });
      say('Resend of mail ' + id + ' requested (' + r.note + ').');
      setTimeout(route, 1500);
    } catch (e) {
      if (e.status === 409 && /is blocked by/.test(e.message) && !override) {
        say(e.message, true);
        if (window.confirm(e.message + '\n\nSend anyway? Your name is recorded with the override.')) await resend(id, true);
      } else {
        say(e.message, true);
      }
    }
  }

  async function act(path, body, done) {
    try {
      await api(path, { method: 'POST', json: body === undefined ? undefined : body });
      say(done);
      await route();
    } catch (e) {
      say(e.message, true);
    }
  }

  async function deliveries(params) {
    const q = new URLSearchParams();
    for (const k of ['status', 'event', 'q', 'page']) if (params.get(k)) q.set(k, params.get(k));
    const data = await api('/api/deliveries?' + q.toString());
    const filters = el('form', { class: 'filters', method: 'get', action: '/deliveries', role: 'search', 'aria-label': 'Filter deliveries' },
      el('div', { class: 'field' }, el('label', { for: 'd-status' }, 'Status'),
        el('select', { id: 'd-status', name: 'status' }, el('option', { value: '' }, 'any'),
          DELIVERY_STATUSES.map((s) => el('option', { value: s, selected: params.get('status') === s }, s)))),
      el('div', { class: 'field' }, el('label', { for: 'd-q' }, 'Recipient, subject or reason'),
        el('input', { id: 'd-q', name: 'q', type: 'search', value: params.get('q') || '' })),
      el('button', { type: 'submit' }, 'Filter'));
    filters.addEventListener('submit', () => {
      for (const i of filters.querySelectorAll('input, select')) if (!i.value) i.disabled = true;
    });
    const byStatus = Object.entries(data.byStatus).map(([s, n]) => s + ': ' + n).join(', ');
    const reasons = data.stopReasons.map((r) => row(statusCell(r.status), r.reason || '', String(r.count)));
    view(el('h1', {}, 'Deliveries'), filters, el('p', { class: 'counts' }, byStatus || 'No mail yet.'),
      el('h2', {}, 'Why mail was not sent'), table('Every stop reason', ['Status', 'Reason', 'Mails'], reasons),
      el('h2', {}, 'Delivery log'), deliveriesTable('Outbox, newest first (' + data.total + ')', data.deliveries, true));
  }

  async function quarantine() {
    const data = await api('/api/quarantine');
    view(el('h1', {}, 'Quarantine'), el('p', { class: 'hint' }, 'Mail that could not be processed, kept with its raw bytes. Replay feeds it through the pipeline again.'),
      table('Quarantined mail', ['Id', 'Account', 'Subject', 'Reasons', 'Attempts', 'Quarantined', 'Replay', ''],
        data.quarantine.map((m) => row(String(m.id), m.account, m.subject || '', m.reasons, String(m.attempts), when(m.quarantinedAt),
          m.replayedAt ? 'replayed ' + when(m.replayedAt) + (m.replayResult ? ': ' + m.replayResult : '')
            : (m.replayRequestedAt ? 'requested by ' + m.replayRequestedBy + ' ' + when(m.replayRequestedAt) : 'waiting'),
          m.replayedAt || m.replayRequestedAt ? '' : el('button', {
            type: 'button', 'aria-label': 'Replay quarantined mail ' + m.id,
            onclick: () => act('/api/quarantine/' + number(m.id) + '/replay', undefined, 'Replay of mail ' + m.id + ' requested.')
          }, 'Replay')))));
  }

  async function blocks() {
    const data = await api('/api/blocks');
    const address = el('input', { id: 'clear-address', type: 'email', required: true });
    const form = el('form', { class: 'filters', 'aria-label': 'Clear the blocks of an address' },
      el('div', { class: 'field' }, el('label', { for: 'clear-address' }, 'Clear every block of the address'), address),
      el('button', { type: 'submit' }, 'Clear'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearBlock('/api/blocks/address/' + encodeURIComponent(address.value.trim()), 'Blocks of ' + address.value.trim() + ' cleared.');
    });
    view(el('h1', {}, 'Blocks'), el('p', { class: 'hint' }, 'Addresses and cases automatic mail is not sent to, with why and until when.'),
      table('Blocks in force', ['Kind', 'Id', 'Target', 'Reason', 'Detail', 'Since', 'Until', ''],
        data.blocks.map((b) => row(b.kind, String(b.id), b.target, b.reason, b.detail || '', when(b.since), b.until ? when(b.until) : 'until an operator clears it',
          el('button', {
            type: 'button', 'aria-label': 'Clear ' + b.kind + ' block ' + b.id,
            onclick: () => clearBlock('/api/blocks/' + (b.kind === 'case' ? 'case' : 'address') + '/' + number(b.id), 'Block ' + b.id + ' cleared.')
          }, 'Clear')))),
      form);
  }

  async function clearBlock(path, done) {
    try {
      await api(path, { method: 'DELETE' });
      say(done);
      await route();
    } catch (e) {
      say(e.message, true);
    }
  }

  async function accounts() {
    const data = await api('/api/accounts');
    view(el('h1', {}, 'Accounts'),
      table('Mail accounts and their state', ['Account', 'Address', 'Server', 'Purpose', 'State', 'Last poll', 'Polls', 'Failed polls', 'Last poll error', 'Mails', 'Last mail', 'Failing mails', 'Last mail failure', 'Quarantined'],
        data.accounts.map((a) => row(a.id, a.address, a.protocol + '://' + a.server + (a.folder ? '/' + a.folder : ''), a.purpose || '', a.state,
          a.lastPollAt ? when(a.lastPollAt) + (a.lastPollMails == null ? '' : ' (' + a.lastPollMails + ' mail)') : '',
          a.polls === undefined ? '' : String(a.polls), a.failedPolls === undefined ? '' : String(a.failedPolls),
          a.lastPollError ? when(a.lastPollErrorAt) + ': ' + a.lastPollError : '', String(a.mails), when(a.lastMailAt),
          String(a.failingMails), a.lastFailure ? when(a.lastFailureAt) + ': ' + a.lastFailure : '', String(a.quarantined)))));
  }

  // ---- routing -------------------------------------------------------------------------------

  async function route() {
    const path = location.pathname;
    const params = new URLSearchParams(location.search);
    let current = 'all';
    try {
      const m = path.match(/^\/cases\/(\d+)$/);
      if (m) { current = ''; await casePage(number(m[1])); }
      else if (path === '/deliveries') { current = 'deliveries'; await deliveries(params); }
      else if (path === '/quarantine') { current = 'quarantine'; await quarantine(); }
      else if (path === '/blocks') { current = 'blocks'; await blocks(); }
      else if (path === '/accounts') { current = 'accounts'; await accounts(); }
      else { current = params.get('view') || 'all'; await caseList(params); }
    } catch (e) {
      if (e.status !== 401) view(el('h1', {}, 'Could not show this'), el('p', { class: 'error', role: 'alert' }, e.message));
    }
    for (const a of document.querySelectorAll('nav a')) {
      if (a.dataset.view === current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
  }

  async function start() {
    let me;
    try {
      me = await api('/api/session');
    } catch (e) {
      showSignIn();
      return;
    }
    $('sign-in').hidden = true;
    $('nav').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = 'Signed in as ' + me.operator;
    counts();
    await route();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    start();
  });
})();
