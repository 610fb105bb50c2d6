// Where a shift's time goes: the call cycles of `reliability.mjs --only shift`, with, every
// `--every` cycles, the browser's own counters (CDP Performance.getMetrics deltas: script,
// layout, style, task time; DOM nodes, listeners, heap), the CPU of the simulator, of the
// browser's processes and of this node process, the page's DOM and storage sizes; and a CPU
// profile (CDP Profiler) of 20 cycles at each `--profile-at` cycle, summed by function.
//   node e2e/shift-profile.mjs [--cycles 1500] [--every 100] [--profile-at 20,1200]
//     [--trace-at 10] [--prefill-log 9000] [--clear-log] [--page crm.html] [--out /tmp/shift-profile.json]
// Prints one JSON line per window, the p50 per 500 cycles and the profiles' top functions;
// writes the figures to --out and each profile to <out>.cycle<N>.cpuprofile (DevTools opens it).
// A diagnostic tool, not a test: it asserts nothing. Found with it (2026-11-30): the demo page's
// event log (crm.html) kept every event, and 1 500 cycles went from 217 to 950 ms/cycle, all of
// it the renderer's layout, paint and hit-testing of the page (widget, simulator and node flat).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startSimulator, until } from './harness.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const CYCLES = Number(arg('--cycles', 1500));
const EVERY = Number(arg('--every', 100));
const PROFILE_AT = arg('--profile-at', '20,1200').split(',').filter(Boolean).map(Number);
const PROFILE_CYCLES = 20;
const PAGE = arg('--page', 'crm.html');
const OUT = arg('--out', '/tmp/shift-profile.json');
// Diagnostics: fill the demo page's event log with N more lines after 5 cycles (copies of
// theirs, what a long shift leaves there), or empty it every `--every` cycles.
const PREFILL_LOG = Number(arg('--prefill-log', 0));
const CLEAR_LOG = process.argv.includes('--clear-log');
// A CDP trace (devtools.timeline) of 5 cycles at these cycles, summed by event name.
const TRACE_AT = arg('--trace-at', '').split(',').filter(Boolean).map(Number);
const NUMBER = '5551234';

const configFile = path.join(os.tmpdir(), `gws-shift-profile-${process.pid}.toml`);
fs.writeFileSync(configFile, `
[timing]
answer_delay_ms = 60
notification_delay_ms = 5
[[agents]]
username = "agent1"
password = "password"
dn = "5001"
[[numbers]]
pattern = "${NUMBER}"
outcome = "answer"
delay_ms = 60
`);

const TICK_MS = 10; // USER_HZ = 100
function cpuMsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime + stime
  } catch { return 0; }
}
function children() {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  return kids;
}
/** CPU ms of this process's descendants except `skip`, split renderer / other browser. */
function browserCpu(skip) {
  const kids = children();
  const out = { renderer: 0, other: 0 };
  const walk = (pid) => {
    for (const k of kids.get(pid) || []) {
      if (k === skip) continue;
      let cmd = '';
      try { cmd = fs.readFileSync(`/proc/${k}/cmdline`, 'utf8'); } catch { /* gone */ }
      out[cmd.includes('--type=renderer') ? 'renderer' : 'other'] += cpuMsOf(k);
      walk(k);
    }
  };
  walk(process.pid);
  return out;
}

const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.ceil(s.length / 2) - 1] : null; };

/** Self time per function of a CDP profile, top `n`. */
function topFunctions(profile, n = 25) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i += 1) {
    const node = byId.get(samples[i]);
    const cf = node.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url ? path.basename(cf.url) : ''}:${cf.lineNumber}`;
    self.set(key, (self.get(key) || 0) + (timeDeltas[i + 1] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return {
    totalMs: Math.round(total),
    top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
      .map(([k, ms]) => ({ fn: k, ms: Math.round(ms), pct: +(100 * ms / total).toFixed(1) })),
  };
}

const sim = await startSimulator(['--config', configFile]);
const browser = await launchBrowser();
const result = { cycles: CYCLES, every: EVERY, page: PAGE, windows: [], profiles: {} };
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${sim.base}/${PAGE}`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.getByLabel('User name').first().fill('agent1');
  await page.getByLabel('Password').first().fill('password');
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.getByTestId('agent-state').first().waitFor({ timeout: 20000 });
  await until(async () => /^\s*Live updates on/.test(await page.getByTestId('connection').first().textContent()), { timeout: 20000 });

  let polls = 0;
  const poll = (fn, what) => until(async () => { polls += 1; return fn(); }, { what });
  const callState = () => page.getByTestId('call-state').last();
  const expectState = (label) => poll(async () => (await page.locator('li[data-call-id]').count()) > 0
    && (await callState().textContent())?.trim() === label, `state ${label}`);
  const noLiveCall = () => poll(async () => (await page.getByTestId('call-state').allTextContents()).every((s) => s.trim() === 'Ended'), 'no live call');

  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const pageFacts = () => page.evaluate(() => {
    const host = document.querySelector('gws-dialer');
    const root = host && host.shadowRoot;
    const size = (s) => { let n = 0; for (let i = 0; i < s.length; i += 1) { const k = s.key(i); n += k.length + (s.getItem(k) || '').length; } return n; };
    const announcer = root && root.querySelector('[data-testid="announcer"]');
    return {
      docElements: document.getElementsByTagName('*').length,
      shadowElements: root ? root.querySelectorAll('*').length : null,
      logLines: document.getElementById('log')?.childElementCount ?? null,
      recentRows: root ? root.querySelectorAll('[data-recent-id]').length : null,
      callRows: root ? root.querySelectorAll('li[data-call-id]').length : null,
      announcerChars: announcer ? announcer.textContent.length : null,
      sessionStorageChars: size(sessionStorage),
      localStorageChars: size(localStorage),
    };
  });
  const snapshot = async () => ({
    t: Date.now(), m: await metrics(), sim: cpuMsOf(sim.child.pid), browser: browserCpu(sim.child.pid),
    node: process.cpuUsage(), polls,
  });

  const traceSummary = async (at) => {
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    // Self time per event name on the renderer main thread (complete events only).
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const mine = events.filter((e) => e.ph === 'X' && (!main || (e.pid === main.pid && e.tid === main.tid)));
    const total = new Map();
    for (const e of mine) total.set(e.name, (total.get(e.name) || 0) + (e.dur || 0) / 1000);
    result.traces[at] = [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([n, ms]) => [n, Math.round(ms)]);
  };
  result.traces = {};
  let tracing = null;

  let prev = await snapshot();
  let cycleMs = [];
  const allCycleMs = [];
  result.cycleMs = allCycleMs;
  let profiling = null;
  for (let i = 0; i < CYCLES; i += 1) {
    if (PREFILL_LOG && i === 5) {
      // Copies of the lines 5 real cycles wrote, as a long shift leaves them.
      await page.evaluate((n) => {
        const log = document.getElementById('log');
        const real = [...log.children];
        for (let k = 0; k < n; k += 1) log.append(real[k % real.length].cloneNode(true));
      }, PREFILL_LOG);
    }
    if (PROFILE_AT.includes(i)) { await cdp.send('Profiler.start'); profiling = i; }
    if (TRACE_AT.includes(i)) {
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink', transferMode: 'ReportEvents' });
      tracing = i;
    }
    const t0 = Date.now();
    await page.evaluate((n) => window.GwsDialer.dial(n), NUMBER);
    await expectState('Connected');
    await page.evaluate(() => window.GwsDialer.hold());
    await expectState('On hold');
    await page.evaluate(() => window.GwsDialer.retrieve());
    await expectState('Connected');
    await page.evaluate(() => window.GwsDialer.hangup());
    await noLiveCall();
    cycleMs.push(Date.now() - t0);
    allCycleMs.push(cycleMs[cycleMs.length - 1]);
    if (profiling !== null && i + 1 === profiling + PROFILE_CYCLES) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(`${OUT}.cycle${profiling}.cpuprofile`, JSON.stringify(profile));
      result.profiles[profiling] = topFunctions(profile);
      profiling = null;
    }
    if (tracing !== null && i + 1 === tracing + 5) { await traceSummary(tracing); tracing = null; }
    if (CLEAR_LOG && (i + 1) % EVERY === 0) await page.evaluate(() => document.getElementById('log')?.replaceChildren());
    if ((i + 1) % EVERY === 0) {
      const now = await snapshot();
      const d = (k) => +(now.m[k] - prev.m[k]).toFixed(3);
      const w = {
        cycles: i + 1,
        cycleP50: median(cycleMs),
        msPerCycle: Math.round((now.t - prev.t) / EVERY),
        perCycleMs: {
          task: Math.round(1000 * d('TaskDuration') / EVERY),
          script: Math.round(1000 * d('ScriptDuration') / EVERY),
          layout: Math.round(1000 * d('LayoutDuration') / EVERY),
          style: Math.round(1000 * d('RecalcStyleDuration') / EVERY),
          sim: Math.round((now.sim - prev.sim) / EVERY),
          renderer: Math.round((now.browser.renderer - prev.browser.renderer) / EVERY),
          browserOther: Math.round((now.browser.other - prev.browser.other) / EVERY),
          node: Math.round((now.node.user + now.node.system - prev.node.user - prev.node.system) / 1000 / EVERY),
        },
        layoutsPerCycle: +(d('LayoutCount') / EVERY).toFixed(1),
        pollsPerCycle: +((now.polls - prev.polls) / EVERY).toFixed(1),
        nodes: now.m.Nodes, listeners: now.m.JSEventListeners, heapKB: Math.round(now.m.JSHeapUsedSize / 1024),
        ...(await pageFacts()),
      };
      result.windows.push(w);
      console.log(JSON.stringify(w));
      fs.writeFileSync(OUT, JSON.stringify(result, null, 2));
      prev = await snapshot();
      cycleMs = [];
    }
  }
  for (let from = 0; from < allCycleMs.length; from += 500) {
    console.log(`cycles ${from + 1}-${Math.min(from + 500, allCycleMs.length)}: p50 ${median(allCycleMs.slice(from, from + 500))} ms`);
  }
  for (const [at, t] of Object.entries(result.traces)) console.log(`trace of cycles ${at}..${Number(at) + 5}: ${JSON.stringify(t)}`);
  for (const [at, p] of Object.entries(result.profiles)) {
    console.log(`profile of cycles ${at}..${Number(at) + PROFILE_CYCLES}: ${p.totalMs} ms sampled`);
    for (const f of p.top.slice(0, 15)) console.log(`  ${String(f.ms).padStart(6)} ms ${String(f.pct).padStart(5)}%  ${f.fn}`);
  }
} finally {
  fs.writeFileSync(OUT, JSON.stringify(result, null, 2));
  await browser.close();
  await sim.stop();
  fs.rmSync(configFile, { force: true });
}
