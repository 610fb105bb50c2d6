// In-browser measurements of the release widget in headless Chromium, against a running
// simulator that serves the built widget plus the pages this script writes:
//   2. page load -> `gws-dialer:ready`             3a. click -> Dial fetch issued
//   3b. CometD message -> call row shows the state  4. decorating 10 000 rows; appending 100
//   node bench/browser.mjs --url http://127.0.0.1:PORT --www <static dir served by the sim> [--out f]
// Timestamps are taken in the page (performance.now()) by an init script that wraps
// window.fetch and window.WebSocket; nothing here changes the widget.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const base = arg('--url', 'http://127.0.0.1:8090').replace(/\/$/, '');
const www = arg('--www', null);
const out = arg('--out', null);
const user = arg('--user', 'agent1');
const password = arg('--password', 'password');
const LOADS = Number(arg('--loads', 10));
const CLICKS = 50;
const ROWS = 10_000;

if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(base + '/')) throw new Error('--url must be a loopback URL');
if (!www) throw new Error('--www <dir> is required (the directory the simulator serves)');

// The loader asks for wasm-bindgen's snippets by path, in parallel with the glue (their
// directory is named after the crate's name and version): a stale path would quietly cost the
// load a round trip, so the benchmark refuses to measure it.
for (const [snippet] of fs.readFileSync(path.join(www, 'gws-dialer.js'), 'utf8').matchAll(/pkg\/snippets\/[^'"`]+\.js/g)) {
  if (!fs.existsSync(path.join(www, snippet))) throw new Error(`gws-dialer.js preloads ${snippet}, which the build does not have: update the loader`);
}

// ------------------------------------------------------------------ pages
const loader = '<script type="module" src="gws-dialer.js"></script>';
const telLinks = Array.from({ length: CLICKS }, (_, i) => `<li><a id="tel${i}" href="tel:555${String(7000000 + i)}">555 ${7000000 + i}</a></li>`).join('\n');
fs.writeFileSync(path.join(www, 'bench-ready.html'), `<!doctype html><html><head><meta charset="utf-8"><title>bench: ready</title>${loader}</head>
<body><main id="crm"><ul>${telLinks}</ul></main><aside><gws-dialer scope="#crm"></gws-dialer></aside></body></html>`);
// The same session request from plain JS, no widget: what any page pays, to subtract.
fs.writeFileSync(path.join(www, 'bench-plain.html'), `<!doctype html><html><head><meta charset="utf-8"><title>bench: plain</title>
<script type="module">
fetch(location.origin + '/api/v2/me?subresources=*', { credentials: 'include', headers: { Accept: 'application/json' } })
  .then((r) => r.json()).then(() => document.dispatchEvent(new CustomEvent('gws-dialer:ready')));
</script></head><body><main id="crm"><ul>${telLinks}</ul></main></body></html>`);
function crmRows(n, offset = 0) {
  let s = '';
  for (let i = offset; i < offset + n; i++) {
    const num = String(2015550000 + i);
    s += `<tr><td>Contact ${i}</td><td><a href="tel:+1${num}">+1 ${num}</a></td><td><span data-gws-dial="${num}">${num}</span></td></tr>\n`;
  }
  return s;
}
for (const n of [0, ROWS]) {
  fs.writeFileSync(path.join(www, `bench-crm-${n}.html`), `<!doctype html><html><head><meta charset="utf-8"><title>bench: crm ${n}</title>${loader}</head>
<body><main id="crm"><table><tbody id="rows">${crmRows(n)}</tbody></table></main></body></html>`);
}

// ------------------------------------------------------------------ in-page probes
const initScript = () => {
  const b = (window.__bench = { ready: null, clicks: [], dialFetches: [], dialsSettled: 0, sockets: [], frames: [], arrivals: new Map() });
  document.addEventListener('gws-dialer:ready', () => { if (b.ready === null) b.ready = performance.now(); }, true);
  // The loader fires this once the wasm is instantiated and the widgets are mounted.
  document.addEventListener('gws-dialer:loaded', () => { if (b.loaded === undefined) b.loaded = performance.now(); });
  window.addEventListener('click', () => b.clicks.push(performance.now()), true);
  const origFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input && input.url;
    const method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
    const isDial = method === 'POST' && /\/api\/v2\/me\/devices\/[^/?]+\/calls$/.test(String(url));
    if (b.firstApiFetch === undefined && /\/api\/v2\//.test(String(url))) b.firstApiFetch = performance.now();
    if (isDial) b.dialFetches.push(performance.now());
    const p = origFetch.apply(this, arguments);
    if (/\/api\/v2\//.test(String(url))) {
      const rec = { what: `${method} ${String(url).replace(/^https?:\/\/[^/]+/, '')}`, start: performance.now(), end: null };
      (b.apiFetches = b.apiFetches || []).push(rec);
      p.finally(() => { rec.end = performance.now(); });
    }
    if (isDial) p.finally(() => { b.dialsSettled++; });
    return p;
  };
  const OrigWS = window.WebSocket;
  window.WebSocket = class extends OrigWS {
    constructor(...a) {
      super(...a);
      b.sockets.push(this);
      // Registered before the widget's onmessage, so it runs first: the arrival time.
      this.addEventListener('message', (ev) => {
        if (typeof ev.data === 'string' && ev.data.includes('/v2/me/calls')) b.frames.push(ev.data);
      });
    }
  };
};

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => v.length ? v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)] : null;
  return { n: v.length, p50: q(0.5), p99: q(0.99), max: v.length ? v[v.length - 1] : null, min: v.length ? v[0] : null };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const result = { chromium: browser.version() };
const hardStop = setTimeout(() => { console.error('browser bench: hard timeout'); process.exit(3); }, 240_000);
try {
  const context = await browser.newContext();
  await context.addInitScript(initScript);
  // Sign in once (Basic -> JSESSIONID in the context), as a CRM user already signed in would be.
  const auth = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  const me = await context.request.get(`${base}/api/v2/me`, { headers: { Authorization: auth } });
  if (!me.ok()) throw new Error(`sign-in failed: ${me.status()}`);
  await context.request.post(`${base}/admin/api/reset`).catch(() => {});

  // 2. page load -> ready
  const loads = [];
  for (let i = 0; i < LOADS + 1; i++) {
    const page = await context.newPage();
    await page.goto(`${base}/bench-ready.html`);
    await page.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 15_000 });
    loads.push(await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource');
      const end = (test) => resources.find((e) => test(e.name))?.responseEnd ?? null;
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        ready: window.__bench.ready,
        domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
        wasmFetched: end((n) => n.endsWith('.wasm')),
        glueFetched: end((n) => n.endsWith('pkg/gws-dialer.js')),
        snippetsFetched: end((n) => n.includes('/pkg/snippets/')),
        probeAnswered: end((n) => n.includes('/api/v2/me?subresources')),
        mounted: window.__bench.loaded ?? null,
        firstApiFetch: window.__bench.firstApiFetch ?? null,
        apiFetches: (window.__bench.apiFetches || []).map((f) => `${f.what} ${f.start.toFixed(1)}→${f.end === null ? '…' : f.end.toFixed(1)}`),
      };
    }));
    await page.close();
  }
  const warm = loads.slice(1);
  const med = (k) => stats(warm.map((l) => l[k]).filter((v) => v !== null)).p50;
  // The plain-JS page making the same request, loaded the same way (a fresh tab each time).
  const plain = [];
  for (let i = 0; i < LOADS + 1; i++) {
    const p = await context.newPage();
    await p.goto(`${base}/bench-plain.html`);
    await p.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 15_000 });
    plain.push(await p.evaluate(() => window.__bench.ready));
    await p.close();
  }
  result.readyMs = {
    first: loads[0].ready,
    warm: stats(warm.map((l) => l.ready)),
    plainJs: stats(plain.slice(1)),
    // Where the time goes (warm p50s, ms since navigation start).
    // glue/snippets: the wasm-bindgen JS and the snippet it imports (the loader asks for both at
    // once); mounted: the loader's gws-dialer:loaded (wasm instantiated, widgets mounted).
    breakdown: {
      domContentLoaded: med('domContentLoaded'), firstApiFetch: med('firstApiFetch'), wasmFetched: med('wasmFetched'),
      glueFetched: med('glueFetched'), snippetsFetched: med('snippetsFetched'), probeAnswered: med('probeAnswered'),
      mounted: med('mounted'), ready: med('ready'),
    },
    // The REST calls of the last load (ms since navigation start), to see the chain before ready.
    lastLoadApiFetches: warm.length ? warm[warm.length - 1].apiFetches : [],
  };

  // 3a. click -> Dial request issued
  const page = await context.newPage();
  await page.goto(`${base}/bench-ready.html`);
  await page.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 15_000 });
  const clickToFetch = [];
  // A number clicked while a call is live is offered (transfer, conference, call), not dialled:
  // each call is ended before the next click, so every click is a Dial.
  for (let i = 0; i < CLICKS; i++) {
    await page.click(`#tel${i}`);
    await page.waitForFunction((n) => window.__bench.dialsSettled >= n, i + 1, { timeout: 10_000 });
    await page.evaluate(async () => {
      const live = () => window.GwsDialer.calls().filter((c) => c.state !== 'Released');
      for (let t = 0; t < 200 && live().length === 0; t++) await new Promise((r) => setTimeout(r, 25));
      for (const c of live()) await window.GwsDialer.hangup(c.id).catch(() => {});
      for (let t = 0; t < 400 && live().length > 0; t++) await new Promise((r) => setTimeout(r, 25));
    });
  }
  const { clicks, fetches } = await page.evaluate(() => ({ clicks: window.__bench.clicks, fetches: window.__bench.dialFetches }));
  for (let i = 0; i < Math.min(clicks.length, fetches.length); i++) clickToFetch.push(fetches[i] - clicks[i]);
  result.clickToDialMs = { ...stats(clickToFetch), dialsIssued: fetches.length, clicks: clicks.length };

  // 3b. notification -> DOM: a burst of 200 CometD messages (50 calls x Dialing, Established,
  // Held, Released), shaped from a real simulator notification, delivered as WebSocket frames.
  const hasCallMessage = () => window.__bench.frames.some((f) => JSON.parse(f).some((m) => m.channel === '/v2/me/calls' && m.data && m.data.call));
  await page.waitForFunction(hasCallMessage, null, { timeout: 10_000 });
  result.notificationToDomMs = await page.evaluate(async () => {
    const b = window.__bench;
    const template = b.frames.flatMap((f) => JSON.parse(f)).find((m) => m.channel === '/v2/me/calls' && m.data && m.data.call);
    const socket = b.sockets.find((s) => s.readyState === 1);
    const root = document.querySelector('gws-dialer').shadowRoot;
    const STATES = ['Dialing', 'Established', 'Held', 'Released'];
    const rank = (li) => {
      if (!li) return -1;
      if (li.classList.contains('released')) return 3;
      const m = /state-(\w+)/.exec(li.className);
      return m ? STATES.findIndex((s) => s.toLowerCase() === m[1]) : -1;
    };
    const messages = [];
    for (const state of STATES) {
      for (let c = 0; c < 50; c++) {
        const m = JSON.parse(JSON.stringify(template));
        const id = 'B' + String(c).padStart(31, '0');
        m.data.call.id = id;
        m.data.call.state = state;
        // New identities throughout, or the store would take it for the template's call.
        m.data.call.callUuid = id;
        m.data.call.connId = (0x7000000000000000n + BigInt(c)).toString(16);
        if (m.data.call.uri) m.data.call.uri = m.data.call.uri.replace(/[^/]+$/, id);
        if (m.data.call.path) m.data.call.path = m.data.call.path.replace(/[^/]+$/, id);
        m.data.call.participants = [{ phoneNumber: String(5559000000 + c), digits: String(5559000000 + c) }];
        messages.push({ id, want: STATES.indexOf(state), frame: JSON.stringify([m]) });
      }
    }
    const pending = [];
    const latencies = [];
    const seen = new Set();
    const check = () => {
      const now = performance.now();
      for (let i = pending.length - 1; i >= 0; i--) {
        const p = pending[i];
        const li = root.querySelector(`li[data-call-id="${p.id}"]`);
        if (li) seen.add(p.id);
        const r = li ? rank(li) : (seen.has(p.id) ? 3 : -1);
        if (r >= p.want) { latencies.push(now - p.at); pending.splice(i, 1); }
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    // One frame per task, back to back, as the network delivers a burst.
    const channel = new MessageChannel();
    let next = 0;
    await new Promise((resolve) => {
      channel.port1.onmessage = () => {
        const m = messages[next++];
        pending.push({ id: m.id, want: m.want, at: performance.now() });
        // A fresh serverGenerationTimestamp per message, as the server would stamp it.
        const frame = m.frame.replace(/"serverGenerationTimestamp":\d+/, `"serverGenerationTimestamp":${Date.now()}`);
        socket.dispatchEvent(new MessageEvent('message', { data: frame }));
        if (next < messages.length) channel.port2.postMessage(0); else resolve();
      };
      channel.port2.postMessage(0);
    });
    const deadline = performance.now() + 10_000;
    while (pending.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    observer.disconnect();
    const v = latencies.sort((a, b) => a - b);
    const q = (p) => v.length ? v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)] : null;
    return { n: v.length, p50: q(0.5), p99: q(0.99), max: v[v.length - 1] ?? null, missed: pending.length };
  });
  await page.close();

  // 4. decorating a CRM page: mount on 10 000 rows (minus a 0-row baseline), then append 100.
  const decorate = {};
  for (const n of [0, ROWS]) {
    const p = await context.newPage();
    await p.goto(`${base}/bench-crm-${n}.html`);
    await p.waitForFunction(() => !!window.GwsDialer, null, { timeout: 15_000 });
    decorate[n] = await p.evaluate(async (rowsHtml) => {
      const host = document.createElement('div');
      document.body.appendChild(host);
      const t0 = performance.now();
      window.GwsDialer.mount(host, { scope: '#crm' });
      const mountMs = performance.now() - t0;
      const marked = [...document.querySelectorAll('#crm [data-gws-dial]')];
      const decorated = marked.filter((e) => e.hasAttribute('role') && e.hasAttribute('tabindex')).length;
      const appends = [];
      let appendedOk = true;
      const tbody = document.getElementById('rows');
      for (let rep = 0; rep < 7; rep++) {
        const tpl = document.createElement('template');
        tpl.innerHTML = rowsHtml.replaceAll('XX', String(rep));
        const frag = tpl.content;
        let resolve;
        const observed = new Promise((r) => (resolve = r));
        // Created after the widget's observer, so it is called after the widget's (creation order).
        const mo = new MutationObserver(() => { resolve(performance.now()); mo.disconnect(); });
        mo.observe(tbody, { childList: true });
        const a0 = performance.now();
        tbody.appendChild(frag);
        const a1 = performance.now();
        const a2 = await observed;
        const added = [...tbody.querySelectorAll(`[data-gws-dial^="99${rep}"]`)];
        appendedOk = appendedOk && added.length === 100 && added.every((e) => e.hasAttribute('role'));
        appends.push({ total: a2 - a0, widget: a2 - a1 });
      }
      return { mountMs, marked: marked.length, decorated, appends, appendedOk };
    }, Array.from({ length: 100 }, (_, i) => `<tr><td>New ${i}</td><td><a href="tel:99XX${String(i).padStart(5, '0')}">x</a></td><td><span data-gws-dial="99XX${String(i).padStart(5, '0')}">x</span></td></tr>`).join(''));
    await p.close();
  }
  const d = decorate[ROWS];
  result.decorate = {
    rows: ROWS,
    marked: d.marked,
    decorated: d.decorated,
    mountMs: d.mountMs,
    baselineMountMs: decorate[0].mountMs,
    decorateMs: d.mountMs - decorate[0].mountMs,
    append100WidgetMs: stats(d.appends.map((a) => a.widget)),
    append100TotalMs: stats(d.appends.map((a) => a.total)),
    appendedAllDecorated: d.appendedOk,
  };
  await context.close();
} finally {
  clearTimeout(hardStop);
  await browser.close();
}
if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result));
