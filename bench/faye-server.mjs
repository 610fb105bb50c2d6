// Faye 1.4 baseline for the load benchmark: a Bayeux server (WebSocket + long-polling at /faye)
// plus a tiny "switch" that publishes the same notification shapes the GWS simulator sends.
//
//   node bench/faye-server.mjs [--port 0] [--answer-delay-ms 100]
//
//   POST /bench/templates  [{state, data}, ...]  data messages of one simulator call cycle
//   POST /bench/dial       {agent, number}       -> Dialing now, Established after the delay
//   POST /bench/hangup     {agent, callId}       -> Released
// Each agent's notifications go to /v2/agents/<agent>/calls (Faye channels are global, so the
// per-agent channel carries the agent in its name). Listens on 127.0.0.1 only and prints
// `FAYE_READY <port> <pid>` once listening.
import http from 'node:http';
import faye from 'faye';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? Number(args[i + 1]) : dflt;
};
const port = opt('--port', 0);
const answerDelayMs = opt('--answer-delay-ms', 100);

// Built-in shapes, used until the load generator posts the simulator's own messages.
const defaultData = (state) => ({
  messageType: 'CallStateChangeMessage',
  notificationType: 'StatusChange',
  call: { id: 'x', state, callUuid: '0', participants: [], capabilities: [] },
  metrics: { eventProcessing: { serverGenerationTimestamp: 0 } },
});
let groups = {
  dial: [defaultData('Dialing')],
  answer: [defaultData('Established')],
  release: [defaultData('Released')],
};

// Split a captured cycle into what follows Dial, the answer, and Hangup.
function groupTemplates(list) {
  const g = { dial: [], answer: [], release: [] };
  let current = 'dial';
  for (const { state, data } of list) {
    if (state === 'Established' && current === 'dial') current = 'answer';
    if (state === 'Released') current = 'release';
    g[current].push(data);
  }
  if (!g.dial.length || !g.answer.length || !g.release.length) throw new Error('templates need Dialing, Established and Released messages');
  return g;
}

const bayeux = new faye.NodeAdapter({ mount: '/faye', timeout: 30 });
const publisher = bayeux.getClient();
let nextCall = 0;

function publish(agent, callId, group) {
  const channel = `/v2/agents/${agent}/calls`;
  for (const template of groups[group]) {
    const data = JSON.parse(JSON.stringify(template));
    const oldId = data.call && data.call.id;
    if (data.call) {
      data.call.id = callId;
      // Keep uri/path (and their sizes) consistent with the new id.
      for (const k of ['uri', 'path']) {
        if (typeof data.call[k] === 'string' && oldId) data.call[k] = data.call[k].replace(oldId, callId);
      }
    }
    if (data.metrics && data.metrics.eventProcessing) data.metrics.eventProcessing.serverGenerationTimestamp = Date.now();
    publisher.publish(channel, data);
  }
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; if (body.length > 1 << 20) reject(new Error('body too large')); });
    req.on('end', () => { try { resolve(JSON.parse(body)); } catch (e) { reject(e); } });
    req.on('error', reject);
  });
}

function reply(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  if (req.method !== 'POST' || !req.url.startsWith('/bench/')) return reply(res, 404, { statusCode: 6, statusMessage: 'not found' });
  let body;
  try { body = await readJson(req); } catch (e) { return reply(res, 400, { statusCode: 10, statusMessage: String(e.message) }); }
  if (req.url === '/bench/templates') {
    try { groups = groupTemplates(body); } catch (e) { return reply(res, 400, { statusCode: 10, statusMessage: e.message }); }
    return reply(res, 200, { statusCode: 0 });
  }
  const agent = Number(body.agent);
  if (!Number.isInteger(agent) || agent < 1) return reply(res, 400, { statusCode: 1, statusMessage: 'agent must be a positive integer' });
  if (req.url === '/bench/dial') {
    // Same length as the simulator's 32-hex call ids.
    const callId = (nextCall++).toString(16).padStart(32, '0');
    reply(res, 200, { statusCode: 0 });
    setImmediate(() => publish(agent, callId, 'dial'));
    setTimeout(() => publish(agent, callId, 'answer'), answerDelayMs);
    return;
  }
  if (req.url === '/bench/hangup') {
    const callId = String(body.callId || '');
    reply(res, 200, { statusCode: 0 });
    setImmediate(() => publish(agent, callId, 'release'));
    return;
  }
  reply(res, 404, { statusCode: 6, statusMessage: 'not found' });
});
bayeux.attach(server);
server.keepAliveTimeout = 90_000;
// Thousands of agents connect at once: a deep accept queue (the kernel caps it at somaxconn).
server.listen({ port, host: '127.0.0.1', backlog: 8192 }, () => {
  console.log(`FAYE_READY ${server.address().port} ${process.pid}`);
});
// A bench server: stop at once, open WebSockets and keep-alive connections included.
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
