// Conformance check of the simulator against the OFFICIAL CometD JavaScript client
// (npm cometd + cometd-nodejs-client). Usage: node cometd_conformance.mjs <baseUrl> <transport>
// where transport is "websocket" or "long-polling". Exits 0 on success, 1 with a reason.
import { adapt } from "cometd-nodejs-client";
import { CometD } from "cometd";
import * as ws from "ws";

const [base, transport] = process.argv.slice(2);
const user = "agent1";
const basic = "Basic " + Buffer.from(`${user}:password`).toString("base64");
const device = "d5001-0000-4000-8000-000000005001";

function fail(reason) {
  console.error(`FAIL (${transport}): ${reason}`);
  process.exit(1);
}
setTimeout(() => fail("overall timeout"), 25000).unref();

adapt();
// Browsers send the session cookie on the upgrade; in Node we pass Basic explicitly.
window.WebSocket = class extends ws.WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { headers: { Authorization: basic } });
  }
};

// REST side: Basic once, then cookie + CSRF token (plain fetch, as a widget would).
let cookie = "";
let csrf = "";
async function rest(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (cookie) headers.Cookie = cookie; else headers.Authorization = basic;
  if (csrf && method !== "GET") headers["X-CSRF-TOKEN"] = csrf;
  const r = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const setCookie = r.headers.get("set-cookie");
  if (setCookie) cookie = setCookie.split(";")[0];
  if (r.headers.get("x-csrf-token")) csrf = r.headers.get("x-csrf-token");
  return { status: r.status, body: await r.json().catch(() => null) };
}

const cometd = new CometD();
if (transport === "long-polling") cometd.unregisterTransport("websocket");
cometd.configure({
  url: base + "/api/v2/notifications",
  requestHeaders: { Authorization: basic },
  logLevel: process.env.COMETD_LOG || "warn",
});

const waiters = [];
const seen = [];
function deliver(message) {
  seen.push(message);
  for (let i = waiters.length - 1; i >= 0; i--) {
    if (waiters[i].pred(message)) {
      waiters[i].resolve(message);
      waiters.splice(i, 1);
    }
  }
}
function waitFor(what, pred, ms = 8000) {
  const found = seen.find(pred);
  if (found) { seen.splice(seen.indexOf(found), 1); return Promise.resolve(found); }
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    waiters.push({ pred, resolve: (m) => { clearTimeout(t); seen.splice(seen.indexOf(m), 1); resolve(m); } });
  });
}

let handshakes = 0;
let subscribed = 0;
// Subscriptions are cleared on every (re-)handshake: subscribe from the handshake listener.
cometd.addListener("/meta/handshake", (m) => {
  if (!m.successful) return;
  handshakes++;
  cometd.batch(() => {
    cometd.subscribe("/v2/me/calls", deliver, (r) => { if (r.successful) subscribed++; });
    cometd.subscribe("/v2/me/*", () => {}, (r) => { if (r.successful) subscribed++; });
  });
});

async function dialAndHangup(label) {
  const start = subscribed;
  const d = await rest("POST", `/api/v2/me/devices/${device}/calls`, { operationName: "Dial", destination: { phoneNumber: "5550000" } });
  if (d.status !== 200 || d.body.statusCode !== 0) fail(`${label}: Dial answered ${d.status} ${JSON.stringify(d.body)}`);
  await waitFor(`${label} Dialing`, (m) => m.data.call.state === "Dialing");
  const est = await waitFor(`${label} Established`, (m) => m.data.call.state === "Established");
  if (!Array.isArray(est.data.call.participants) || typeof est.data.call.participants[0] !== "object") fail("participants must be objects");
  await rest("POST", `/api/v2/me/calls/${est.data.call.id}`, { operationName: "Hangup" });
  await waitFor(`${label} Released`, (m) => m.data.call.state === "Released" && m.data.call.id === est.data.call.id);
  return start;
}

try {
  const me = await rest("GET", "/api/v2/me?subresources=*");
  if (me.status !== 200) fail(`GET /me: ${me.status}`);
  await new Promise((resolve, reject) => {
    cometd.handshake((h) => (h.successful ? resolve() : reject(new Error("handshake failed: " + JSON.stringify(h)))));
  });
  const until = async (what, cond) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!cond()) fail(`timed out waiting for ${what}`);
  };
  await until("subscriptions", () => subscribed >= 2);
  const used = cometd.getTransport().type;
  if (used !== transport) fail(`negotiated transport ${used}, expected ${transport}`);
  await dialAndHangup("first call");

  // The server forgets every client: the official client must re-handshake and resubscribe.
  await fetch(base + "/admin/api/cometd/drop", { method: "POST" });
  await until("re-handshake", () => handshakes >= 2 && subscribed >= 4);
  await dialAndHangup("after re-handshake");

  await new Promise((resolve) => cometd.disconnect(() => resolve()));
  console.log(JSON.stringify({ ok: true, transport: used, handshakes }));
  process.exit(0);
} catch (e) {
  fail(e.message);
}
