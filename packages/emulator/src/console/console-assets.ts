// The web console's three static files, kept as strings so the standalone bundle carries them (no file read, no
// build step, nothing from a CDN). The script builds every piece of the page with `textContent` and attributes,
// never with HTML strings: whatever a message, a journal entry or a list holds is shown as text.

/** The console page: no inline script or style (the CSP allows neither). */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MailUp emulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<link rel="stylesheet" href="/__emulator/ui/console.css">
<script src="/__emulator/ui/console.js" defer></script>
</head><body>
<header><h1>MailUp emulator</h1><nav id="tabs">
<button type="button" data-tab="inbox" class="active">Inbox <span id="inbox-count"></span></button>
<button type="button" data-tab="sms">SMS <span id="sms-count"></span></button>
<button type="button" data-tab="journal">Journal</button>
<button type="button" data-tab="limits">Limits</button>
<button type="button" data-tab="account">Account</button>
</nav><span id="status" role="status"></span></header>
<main>
<section id="tab-inbox" class="tab active">
<div class="toolbar"><input id="search" type="search" placeholder="Search subject, address, body…" autocomplete="off">
<button type="button" id="delete-all">Delete all</button><span id="inbox-note"></span></div>
<div class="split"><div class="list"><table id="message-list"><thead><tr><th>#</th><th>via</th><th>received</th>
<th>from</th><th>to</th><th>subject</th><th>attachments</th></tr></thead><tbody></tbody></table>
<p id="inbox-empty" class="empty">No message yet: send one over SMTP+ or the Send API.</p></div>
<div id="message" class="detail" hidden></div></div>
</section>
<section id="tab-sms" class="tab"><table id="sms-list"><thead><tr><th>#</th><th>received</th><th>list</th>
<th>to</th><th>sender</th><th>campaign</th><th>text</th><th>segments</th></tr></thead><tbody></tbody></table>
<p id="sms-empty" class="empty">No SMS yet.</p></section>
<section id="tab-journal" class="tab"><div class="toolbar"><button type="button" id="journal-clear">Clear journal</button>
<span>The newest 200 requests (bodies redacted and cut); click one for its bodies.</span></div>
<div class="split"><div class="list"><table id="journal-list"><thead><tr><th>#</th><th>time</th><th>protocol</th>
<th>operation</th><th>method</th><th>path</th><th>status</th><th>ms</th></tr></thead><tbody></tbody></table></div>
<div id="journal-entry" class="detail" hidden></div></div></section>
<section id="tab-limits" class="tab"><p id="limits-note"></p><table id="limits-list"><thead><tr><th>caller</th>
<th>protocol</th><th>operation</th><th>limit</th><th>window</th><th>calls</th><th>remaining</th><th>paused until</th>
</tr></thead><tbody></tbody></table><p id="limits-empty" class="empty">No limited call in any window now.</p></section>
<section id="tab-account" class="tab"><h2>URLs and credentials</h2><p>What the emulator's JSON line says (the
seeded account's throw-away credentials, fresh at every start).</p><table id="account-keys"><tbody></tbody></table>
<h2>Lists and recipients</h2><div id="account-lists"></div><h2>The JSON line</h2><pre id="account-json"></pre></section>
</main></body></html>
`;

/** The console's style sheet. */
export const CONSOLE_CSS = `*{box-sizing:border-box}
body{font:14px system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{display:flex;gap:1em;align-items:center;padding:.5em 1em;background:#1f3a5f;color:#fff}
header h1{font-size:16px;margin:0}
nav button{background:none;border:0;color:#cfe0f5;font:inherit;padding:.4em .8em;cursor:pointer;border-radius:4px}
nav button.active{background:#fff;color:#1f3a5f}
#status{margin-left:auto;font-size:12px;opacity:.8}
main{padding:1em}
.tab{display:none}.tab.active{display:block}
.toolbar{display:flex;gap:.5em;align-items:center;margin-bottom:.5em}
#search{flex:0 1 30em;padding:.3em}
.split{display:flex;gap:1em;align-items:flex-start}
.list{flex:1 1 50%;overflow:auto;max-height:80vh}
.detail{flex:1 1 50%;background:#fff;border:1px solid #ddd;padding:1em;min-width:0}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{padding:3px 6px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
th{font-weight:600;background:#f0f0f0}
tbody tr[data-id]{cursor:pointer}
tbody tr[data-id]:hover{background:#eef4fb}
tr.selected{background:#dbe8f7}
td.dup{color:#b00;font-weight:bold}
.empty{color:#777}
.detail h2{margin:.2em 0 .5em;font-size:18px;overflow-wrap:anywhere}
.views button{font:inherit;border:1px solid #ccc;background:#f6f6f6;padding:.2em .6em;cursor:pointer}
.views button.active{background:#1f3a5f;color:#fff}
.actions{display:flex;gap:.5em;margin:.5em 0}
.actions a,.actions button{font:inherit;padding:.2em .6em;border:1px solid #ccc;background:#fff;color:#222;text-decoration:none;cursor:pointer}
iframe{width:100%;height:60vh;border:1px solid #ccc;background:#fff}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.8em;margin:.5em 0;max-height:60vh;overflow:auto}
#account-keys td:first-child{font-family:monospace;white-space:nowrap}
#account-keys input{width:100%;font-family:monospace}
`;

/** The console's script (served from the emulator: the CSP allows no inline script). */
export const CONSOLE_SCRIPT = String.raw`'use strict';
(function () {
  var UI = '/__emulator/ui';
  var INBOX = '/__emulator/inbox';
  var POLL_MS = 1000;
  var state = { tab: 'inbox', query: '', selected: undefined, view: 'html', listKey: '', journalKey: '', smsKey: '' };

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'onclick') node.addEventListener('click', value);
        else node.setAttribute(key, String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child !== undefined && child !== null) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function $(id) { return document.getElementById(id); }
  function status(text) { $('status').textContent = text; }

  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' }).then(function (res) {
      if (!res.ok) return res.text().then(function (text) { throw new Error(res.status + ' ' + text); });
      return res.json();
    });
  }
  function send(method, url) {
    return fetch(url, { method: method, headers: { accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error(method + ' ' + url + ': ' + res.status);
      return res.json();
    });
  }
  function time(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : ''; }
  function row(cells, props) {
    return el('tr', props, cells.map(function (cell) {
      return cell instanceof Node ? el('td', null, [cell]) : el('td', { text: cell === undefined ? '' : cell });
    }));
  }

  // ---- tabs
  function showTab(name) {
    state.tab = name;
    state.accountShown = false;
    document.querySelectorAll('#tabs button').forEach(function (b) { b.classList.toggle('active', b.dataset.tab === name); });
    document.querySelectorAll('.tab').forEach(function (s) { s.classList.toggle('active', s.id === 'tab-' + name); });
    refresh();
  }

  // ---- inbox
  function refreshInbox() {
    return getJson(UI + '/messages?q=' + encodeURIComponent(state.query)).then(function (data) {
      $('inbox-count').textContent = data.total ? '(' + data.total + ')' : '';
      $('sms-count').textContent = data.sms.length ? '(' + data.sms.length + ')' : '';
      var evicted = data.evicted.mail + data.evicted.sms;
      $('inbox-note').textContent = (state.query ? data.mail.length + ' of ' + data.total + ' match' : '') +
        (evicted ? ' (' + evicted + ' older message(s) evicted by the retention bounds)' : '');
      var key = JSON.stringify([state.query, data.mail, state.selected]);
      if (key !== state.listKey) {
        state.listKey = key;
        var body = $('message-list').tBodies[0];
        clear(body);
        data.mail.forEach(function (m) {
          var tr = row([String(m.id), m.channel, time(m.receivedAt), m.from, m.to, m.subject || '(no subject)',
            m.attachments ? String(m.attachments) : ''], { 'data-id': m.id, class: m.id === state.selected ? 'selected' : undefined });
          if (m.count > 1) tr.cells[0].className = 'dup';
          tr.addEventListener('click', function () { openMessage(m.id); });
          body.appendChild(tr);
        });
        $('inbox-empty').hidden = data.mail.length > 0;
      }
      renderSms(data.sms);
      if (state.selected !== undefined && !data.mail.some(function (m) { return m.id === state.selected; }) && !state.query) {
        closeMessage();
      }
    });
  }

  function closeMessage() {
    state.selected = undefined;
    state.listKey = '';
    $('message').hidden = true;
    clear($('message'));
  }

  function openMessage(id) {
    state.selected = id;
    state.listKey = '';
    return getJson(UI + '/messages/' + id).then(function (m) {
      if (state.selected !== id) return;
      renderMessage(m);
      return refreshInbox();
    }).catch(function (error) { status(String(error.message || error)); });
  }

  function renderMessage(m) {
    var box = $('message');
    clear(box);
    box.hidden = false;
    box.dataset.id = String(m.id);
    var fields = [['From', m.from], ['To', m.to], ['Cc', m.cc], ['Bcc', m.bcc], ['Reply-To', m.replyTo],
      ['Received', time(m.receivedAt) + ' via ' + m.channel + ' as ' + m.smtpUser], ['Message-ID', m.messageId]];
    if (m.count > 1) fields.push(['Seen', m.count + ' times (a duplicate Message-ID)']);
    box.appendChild(el('h2', { id: 'message-subject', text: m.subject || '(no subject)' }));
    box.appendChild(el('table', { class: 'fields' }, [el('tbody', null, fields.filter(function (f) { return f[1]; }).map(function (f) {
      return el('tr', null, [el('th', { text: f[0] }), el('td', { text: f[1] })]);
    }))]));
    box.appendChild(el('div', { class: 'actions' }, [
      el('a', { id: 'download-eml', href: INBOX + '/' + m.id + '/raw?download=1', download: 'message-' + m.id + '.eml', text: 'Download .eml' }),
      el('button', { id: 'delete-one', type: 'button', text: 'Delete', onclick: function () {
        send('DELETE', INBOX + '/' + m.id).then(function () { closeMessage(); return refreshInbox(); })
          .catch(function (error) { status(String(error.message || error)); });
      } }),
    ]));
    var views = [['html', 'HTML'], ['text', 'Text'], ['headers', 'Headers'], ['raw', 'Raw'], ['xsmtpapi', 'X-SMTPAPI'],
      ['attachments', 'Attachments (' + (m.attachments.length + m.embeddedImages.length) + ')']];
    var pane = el('div', { id: 'message-view' });
    var bar = el('div', { class: 'views' }, views.map(function (v) {
      return el('button', { type: 'button', 'data-view': v[0], onclick: function () { showView(v[0]); } , text: v[1] });
    }));
    box.appendChild(bar);
    box.appendChild(pane);
    function showView(name) {
      state.view = name;
      bar.querySelectorAll('button').forEach(function (b) { b.classList.toggle('active', b.dataset.view === name); });
      clear(pane);
      if (name === 'html') {
        pane.appendChild(m.hasHtml
          ? el('iframe', { id: 'message-frame', sandbox: '', src: INBOX + '/' + m.id + '/html', title: 'HTML of the message' })
          : el('p', { class: 'empty', text: 'This message has no HTML part.' }));
      } else if (name === 'text') {
        pane.appendChild(m.text === undefined || m.text === null
          ? el('p', { class: 'empty', text: 'This message has no text part.' }) : el('pre', { id: 'message-text', text: m.text }));
      } else if (name === 'headers') {
        pane.appendChild(el('table', { id: 'message-headers' }, [el('tbody', null, m.headers.map(function (h) {
          return el('tr', null, [el('th', { text: h.name }), el('td', { text: h.value })]);
        }))]));
        if (m.envelope) pane.appendChild(el('p', { text: 'Envelope: MAIL FROM ' + m.envelope.mailFrom + ', RCPT TO ' + m.envelope.rcptTo.join(', ') }));
      } else if (name === 'raw') {
        var pre = el('pre', { id: 'message-raw', text: 'loading…' });
        pane.appendChild(pre);
        if (!m.hasRaw) pane.insertBefore(el('p', { text: 'Accepted as JSON by the Send API: this source is composed from what was stored.' }), pre);
        fetch(INBOX + '/' + m.id + '/raw').then(function (res) { return res.text(); }).then(function (text) { pre.textContent = text; });
      } else if (name === 'xsmtpapi') {
        pane.appendChild(m.xSmtpApi
          ? el('pre', { id: 'message-xsmtpapi', text: JSON.stringify(m.xSmtpApi, null, 2) })
          : el('p', { class: 'empty', text: 'No X-SMTPAPI header.' }));
      } else {
        var parts = m.attachments.concat(m.embeddedImages);
        pane.appendChild(parts.length ? el('ul', { id: 'message-attachments' }, parts.map(function (p) {
          return el('li', null, [el('a', { href: INBOX + '/' + m.id + '/attachments/' + p.index, download: p.filename || p.contentId || 'part',
            text: p.filename || p.contentId || 'part ' + p.index }), ' ' + p.contentType + ', ' + p.size + ' bytes' + (p.contentId ? ' (cid:' + p.contentId + ')' : '')]);
        })) : el('p', { class: 'empty', text: 'No attachment.' }));
      }
    }
    showView(m.hasHtml || state.view !== 'html' ? state.view : 'text');
  }

  function renderSms(list) {
    var key = JSON.stringify(list);
    if (key === state.smsKey) return;
    state.smsKey = key;
    var body = $('sms-list').tBodies[0];
    clear(body);
    list.forEach(function (s) {
      body.appendChild(row([String(s.deliveryId), time(s.receivedAt), String(s.listId), s.recipient, s.sender, s.campaignCode,
        s.content, String(s.segments)], { 'data-id': s.deliveryId }));
    });
    $('sms-empty').hidden = list.length > 0;
  }

  // ---- journal
  function refreshJournal() {
    return getJson('/__emulator/journal?limit=200').then(function (data) {
      var entries = data.entries.slice().reverse();
      var key = entries.length ? entries[0].id + ':' + entries.length : '';
      if (key === state.journalKey) return;
      state.journalKey = key;
      var body = $('journal-list').tBodies[0];
      clear(body);
      entries.forEach(function (e) {
        var tr = row([String(e.id), time(new Date(e.wallTime).toISOString()), e.protocol, e.operation, e.method, e.path,
          String(e.status), String(e.durationMs)], { 'data-id': e.id });
        tr.addEventListener('click', function () { showEntry(e); });
        body.appendChild(tr);
      });
    });
  }
  function showEntry(e) {
    var box = $('journal-entry');
    clear(box);
    box.hidden = false;
    box.appendChild(el('h2', { text: e.method + ' ' + e.path }));
    box.appendChild(el('p', { text: e.operation + ' — status ' + e.status + ', ' + e.durationMs + ' ms' + (e.accountId ? ', account ' + e.accountId : '') }));
    box.appendChild(el('h3', { text: 'Request' }));
    box.appendChild(el('pre', { text: JSON.stringify(e.request, null, 2) }));
    box.appendChild(el('h3', { text: 'Answer' }));
    box.appendChild(el('pre', { text: JSON.stringify(e.response, null, 2) }));
    box.appendChild(el('h3', { text: 'Transport' }));
    box.appendChild(el('pre', { text: JSON.stringify(e.transport, null, 2) }));
  }

  // ---- limits
  function refreshLimits() {
    return getJson(UI + '/limits').then(function (data) {
      $('limits-note').textContent = (data.enabled ? 'Throttling is on' : 'Throttling is off') + (data.now ? ' (emulator time ' + time(data.now) + ').' : '.');
      var body = $('limits-list').tBodies[0];
      clear(body);
      data.windows.forEach(function (w) {
        body.appendChild(row([w.caller, w.protocol, w.operation + (w.variant ? ' (' + w.variant + ')' : ''), String(w.limit),
          w.periodMs >= 86400000 ? '24 h' : w.periodMs / 1000 + ' s', String(w.calls), String(w.remaining), time(w.pausedUntil)]));
      });
      $('limits-empty').hidden = data.windows.length > 0;
    });
  }

  // ---- account
  function flatten(prefix, value, out) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.keys(value).forEach(function (k) { flatten(prefix ? prefix + '.' + k : k, value[k], out); });
    } else if (Array.isArray(value)) {
      value.forEach(function (item, i) { flatten(prefix + '[' + i + ']', item, out); });
    } else out.push([prefix, String(value)]);
    return out;
  }
  function refreshAccount() {
    return getJson(UI + '/account').then(function (data) {
      var line = { urls: data.urls, account: data.account, endpoints: data.endpoints };
      Object.keys(data).forEach(function (k) { if (k !== 'lists') line[k] = data[k]; });
      var body = $('account-keys').tBodies[0];
      clear(body);
      flatten('', line, []).forEach(function (pair) {
        var input = el('input', { readonly: 'readonly', value: pair[1], 'data-key': pair[0] });
        body.appendChild(el('tr', null, [el('td', { text: pair[0] }), el('td', null, [input]), el('td', null, [
          el('button', { type: 'button', text: 'Copy', onclick: function () {
            input.select();
            (navigator.clipboard ? navigator.clipboard.writeText(pair[1]) : Promise.reject(new Error('no clipboard')))
              .then(function () { status('copied ' + pair[0]); }, function () { document.execCommand('copy'); });
          } })])]));
      });
      $('account-json').textContent = JSON.stringify(line);
      var lists = $('account-lists');
      clear(lists);
      data.lists.forEach(function (list) {
        lists.appendChild(el('h3', { text: list.name + ' (id ' + list.id + ', guid ' + list.guid + ')' }));
        list.statuses.forEach(function (s) {
          lists.appendChild(el('p', { text: s.status + ': ' + s.count + (s.count > s.recipients.length ? ' (first ' + s.recipients.length + ' shown)' : '') }));
          if (s.recipients.length) {
            lists.appendChild(el('table', null, [el('tbody', null, s.recipients.map(function (r) {
              return row([String(r.id), r.name, r.email, r.mobile]);
            }))]));
          }
        });
      });
    });
  }

  // ---- polling
  var busy = false;
  var again = false;
  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
    var work = [refreshInbox()];
    if (state.tab === 'journal') work.push(refreshJournal());
    if (state.tab === 'limits') work.push(refreshLimits());
    if (state.tab === 'account' && !state.accountShown) { state.accountShown = true; work.push(refreshAccount()); }
    Promise.all(work).then(function () { status('live · updated ' + new Date().toLocaleTimeString()); },
      function (error) { status('not updated: ' + String(error.message || error)); })
      .then(function () {
        busy = false;
        if (again) refresh();
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('#tabs button').forEach(function (b) {
      b.addEventListener('click', function () { showTab(b.dataset.tab); });
    });
    var timer;
    $('search').addEventListener('input', function (event) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.query = event.target.value.trim(); state.listKey = ''; refresh(); }, 150);
    });
    $('delete-all').addEventListener('click', function () {
      send('DELETE', INBOX).then(function () { closeMessage(); refresh(); }).catch(function (error) { status(String(error.message || error)); });
    });
    $('journal-clear').addEventListener('click', function () {
      send('DELETE', '/__emulator/journal').then(function () { state.journalKey = 'x'; refresh(); });
    });
    refresh();
    setInterval(refresh, POLL_MS);
  });
})();
`;
