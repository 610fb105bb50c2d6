// gws-dialer.js: the one script a CRM page needs for the GWS click-to-dial widget.
//
//   <script type="module" src="https://widgets.example.com/gws-dialer.js"></script>
//   <gws-dialer base-url="https://gws.example.com" scope="#crm-main"></gws-dialer>
//
// or a plain mount point:  <div data-gws-dialer='{"baseUrl":"https://gws.example.com"}'></div>
//
// It loads the wasm next to it (pkg/ beside this file, found through import.meta.url, so it
// works from any origin/CDN), defines <gws-dialer>, mounts every [data-gws-dialer] (also ones
// added later), and exposes window.GwsDialer. Each widget renders into its own shadow root.

const here = new URL('./', import.meta.url);

// The first widget's options, read before the wasm is there: its GWS base URL, and whether it
// shares one connection with the other tabs.
function firstWidget() {
  const el = document.querySelector('gws-dialer, [data-gws-dialer]');
  if (!el) return null;
  let base = el.getAttribute('base-url');
  let shared = el.getAttribute('shared-connection');
  if (el.localName !== 'gws-dialer') {
    try {
      ({ baseUrl: base, sharedConnection: shared } = JSON.parse(el.getAttribute('data-gws-dialer') || '{}'));
    } catch (e) { return null; }
  }
  base = (base ?? '').trim() || location.origin;
  return { base: base.replace(/\/+$/, ''), shared: ![false, 'off', 'false'].includes(shared) };
}

// Web Locks make one tab of the browser the leader (one connection per browser): `lock(name)`
// asks for one and returns `{granted, release()}` (`granted` resolves when the browser grants
// it, `release()` gives it back or withdraws the request). Null where the browser cannot.
const lock = navigator.locks && self.BroadcastChannel ? (name) => {
  const early = earlyLock;
  earlyLock = null;
  if (early?.name === name) return early;
  early?.release();
  const cancel = new AbortController();
  let held;
  return {
    name,
    granted: new Promise((granted) => navigator.locks
      .request(name, { signal: cancel.signal }, () => (granted(), new Promise((r) => { held = r; })))
      .catch(() => {})),
    release: () => (held ? held() : cancel.abort()),
  };
} : null;

// Everything the first widget waits for is started now, at once, while the wasm downloads:
// - its session check (GET /api/v2/me?subresources=*; the server's answer takes longest),
//   read here: `reply` is `{response, body}` as soon as it is, `read` a promise of it. Same
//   URL, headers and credentials as the widget's own request; never any credentials of ours;
// - its leadership lock (a page's first lock takes the browser a while to grant);
// - the glue and the snippets it imports (asked for now instead of a round trip after the
//   glue). wasm-bindgen names their directory after this crate and a hash, so the paths are
//   not written here: the build's post-build hook (scripts/minify-js.mjs) fills `SNIPPETS`
//   from the glue's own imports, and `bench/size-budget.mjs` fails when the loader names a
//   snippet the dist does not have or misses one the glue imports;
// - the wasm, compiled while it streams (`application/wasm`; a server that says otherwise gets
//   the plain compile).
// The widget takes the probe and the lock; what no widget took is given back once the
// widgets are mounted.
let probe = null;
let earlyLock = null;
const first = firstWidget();
if (first) {
  probe = { url: `${first.base}/api/v2/me?subresources=*`, reply: null };
  const p = probe;
  p.read = fetch(p.url, { credentials: 'include', headers: { Accept: 'application/json' } })
    .then(async (response) => (p.reply = { response, body: await response.text() }));
  p.read.catch(() => {}); // the widget reports a failure when it reads the answer
  if (first.shared && lock) earlyLock = lock(`gws-dialer:${first.base}`);
}
const glue = import(new URL('pkg/gws-dialer.js', here).href);
const SNIPPETS = []; // filled by the build: ['pkg/snippets/<crate>-<hash>/…/x.js', …]
for (const snippet of SNIPPETS) import(new URL(snippet, here).href).catch(() => {});
const wasmUrl = new URL('pkg/gws-dialer_bg.wasm', here);
const bytes = () => fetch(wasmUrl).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b));
const wasmModule = WebAssembly.compileStreaming ? WebAssembly.compileStreaming(fetch(wasmUrl)).catch(bytes) : bytes();
function takeProbe() {
  const p = probe;
  probe = null;
  return p;
}
function giveBackLock() {
  earlyLock?.release();
  earlyLock = null;
}

let wasm;
try {
  wasm = await glue;
  // init is idempotent: a Trunk-built page that already initialised the module is fine.
  await wasm.default({ module_or_path: wasmModule });
} catch (e) {
  giveBackLock(); // no widget here: another tab may lead
  throw e;
}

// Attribute name -> option name (see README / embed.html for the full list).
const ATTRIBUTES = {
  'base-url': 'baseUrl',
  'scope': 'scope',
  'number-rules': 'numberRules',
  'location': 'location',
  'transports': 'transports',
  'click-to-dial': 'clickToDial',
  'dial-guard': 'dialGuard',
  'heading': 'heading',
  'shared-connection': 'sharedConnection',
  'extension-delay-ms': 'extensionDelayMs',
  'lang': 'lang',
};
const JSON_OPTIONS = new Set(['numberRules', 'dialGuard', 'transports']);

function optionsFromAttributes(el) {
  const options = {};
  for (const [attr, key] of Object.entries(ATTRIBUTES)) {
    const value = el.getAttribute(attr);
    if (value === null) continue;
    if (JSON_OPTIONS.has(key)) {
      try { options[key] = JSON.parse(value); } catch (e) {
        options[key] = value; // the widget reports the bad value in plain words
      }
    } else if (key === 'clickToDial') {
      options[key] = value !== 'false' && value !== 'off';
    } else {
      options[key] = value;
    }
  }
  return options;
}

const instances = [];

// Every handle is released when its widget goes: destroy() stops the widget, untracks it and
// frees the Rust side, so a removed widget leaves nothing behind.
function track(handle) {
  instances.push(handle);
  const destroy = handle.destroy.bind(handle);
  handle.destroy = () => {
    untrack(handle);
    destroy();
    handle.free();
  };
  return handle;
}

function untrack(handle) {
  const i = instances.indexOf(handle);
  if (i >= 0) instances.splice(i, 1);
}

function primary() {
  const handle = instances[0];
  if (!handle) throw new Error('No GWS dialer widget is on this page.');
  return handle;
}

const METHODS = [
  'dial', 'dialPreviewRecord', 'hangup', 'answer', 'hold', 'retrieve', 'sendDtmf',
  'attachUserData', 'updateUserData', 'deleteUserData', 'setReady', 'setNotReady',
  'logout', 'calls', 'state', 'transfer', 'conference', 'completeTransfer', 'completeConference',
  'swap', 'cancelConsultation', 'removeParticipant', 'setAgentState', 'agentStates', 'disposition',
  'recentCalls', 'setLanguage',
];

class GwsDialerElement extends HTMLElement {
  // The language may change while the widget runs (a CRM's language switch).
  static get observedAttributes() { return ['lang']; }
  attributeChangedCallback(name, old, value) {
    if (this._handle && name === 'lang' && old !== value) this._handle.setLanguage(value || null);
  }
  connectedCallback() {
    if (this._handle) return;
    this._handle = track(wasm.mount(this, optionsFromAttributes(this), takeProbe(), lock));
  }
  disconnectedCallback() {
    if (!this._handle) return;
    this._handle.destroy();
    this._handle = null;
  }
}
for (const name of METHODS) {
  GwsDialerElement.prototype[name] = function (...args) {
    if (!this._handle) return Promise.reject(new Error('This GWS dialer is not on the page.'));
    return this._handle[name](...args);
  };
}
if (!customElements.get('gws-dialer')) customElements.define('gws-dialer', GwsDialerElement);

function mountPoint(el) {
  if (el._gwsHandle) return;
  let options = {};
  const raw = el.getAttribute('data-gws-dialer');
  if (raw && raw.trim()) {
    try { options = JSON.parse(raw); } catch (e) {
      console.error('gws-dialer: data-gws-dialer must be JSON options', e);
    }
  }
  el._gwsHandle = track(wasm.mount(el, options, takeProbe(), lock));
}

function mountAll(root) {
  if (root.nodeType !== 1 && root.nodeType !== 9) return;
  if (root.matches && root.matches('[data-gws-dialer]')) mountPoint(root);
  root.querySelectorAll('[data-gws-dialer]').forEach(mountPoint);
}

// Mount points removed from the page (and not put back elsewhere) are unmounted.
function unmountAll(root) {
  if (root.nodeType !== 1) return;
  const points = root.matches('[data-gws-dialer]') ? [root] : [];
  points.push(...root.querySelectorAll('[data-gws-dialer]'));
  for (const el of points) {
    if (el._gwsHandle && !el.isConnected) {
      el._gwsHandle.destroy();
      el._gwsHandle = null;
    }
  }
}

mountAll(document);
// A lock no widget took (the first one is not on the page any more, or works alone).
giveBackLock();
// Mount points added or removed later (SPAs): look only at the changed subtrees.
new MutationObserver((records) => {
  for (const r of records) {
    r.removedNodes.forEach(unmountAll);
    r.addedNodes.forEach(mountAll);
  }
}).observe(document.documentElement, { childList: true, subtree: true });

const api = {
  /** Mount a widget into any element: GwsDialer.mount(el, {baseUrl, scope, ...}). */
  mount(el, options = {}) { return track(wasm.mount(el, options, null, lock)); },
  /** Every widget on the page, in mount order. The first is the one the shortcuts use. */
  get instances() { return instances.slice(); },
};
for (const name of METHODS) {
  api[name] = (...args) => {
    try { return primary()[name](...args); } catch (e) { return Promise.reject(e); }
  };
}
window.GwsDialer = Object.freeze(api);
document.dispatchEvent(new CustomEvent('gws-dialer:loaded', { detail: { api } }));
