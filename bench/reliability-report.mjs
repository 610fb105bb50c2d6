// Writes RELIABILITY.md (stdout) from the logs and JSON of scripts/reliability.sh.
//   node bench/reliability-report.mjs target/reliability [--short]
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] || 'target/reliability';
const short = process.argv.includes('--short');
const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : '');
const json = (f) => { const t = read(f); return t ? JSON.parse(t) : null; };
const machine = json('machine.json') || {};
const end = json('machine-end.json') || {};
const rows = [];
const row = (figure, measured, target, met) => rows.push(`| ${figure} | ${measured} | ${target} | ${met === null ? '' : met ? 'met' : 'MISSED'} |`);

// 1. Fuzzing
const fuzz = read('fuzz.log').match(/fuzz: (\d+) inputs, (\d+) panics, slowest ([\d.]+) ms/);
if (fuzz) {
  const [, inputs, panics, slow] = fuzz.map(Number);
  row('parsers fuzzed: inputs, panics, slowest input', `${inputs.toLocaleString('en')} inputs, ${panics} panics, slowest ${slow} ms`,
    '≥ 10,000,000, 0 panics, ≤ 10 ms', inputs >= 10_000_000 && panics === 0 && slow <= 10);
} else row('parsers fuzzed', 'not run', '≥ 10,000,000, 0 panics, ≤ 10 ms', false);

// 2. Hostile requests
const hostile = read('hostile.log');
const sent = hostile.match(/hostile requests: (\d+)/);
const fivexx = hostile.match(/5xx: (\d+);/);
const shape = hostile.match(/shape violations: (\d+)/);
const hostileOk = /test result: ok/.test(hostile);
if (sent) {
  row('hostile REST and Bayeux requests: 5xx, answers not in GWS shape', `${Number(sent[1]).toLocaleString('en')} requests: ${fivexx?.[1]} 5xx, ${shape?.[1]} not GWS-shaped; a normal client dials afterwards: ${hostileOk ? 'yes' : 'no'}`,
    '≥ 5,000 requests, 0 5xx, 100% GWS-shaped, dials after', Number(sent[1]) >= 5000 && fivexx?.[1] === '0' && shape?.[1] === '0' && hostileOk);
} else row('hostile requests', 'not run', '≥ 5,000', false);
const sec = read('security.log').match(/test result: (\w+)\. (\d+) passed; (\d+) failed/);
row('security defaults (admin loopback/token, cookies, CORS × CSRF matrix)', sec ? `${sec[2]} checks passed, ${sec[3]} failed` : 'not run', 'all pass', sec ? sec[3] === '0' : false);

// 4. The widget in a hostile world
const w = json('widget.json');
const r = (name) => w && Object.entries(w.results).find(([k]) => k.startsWith(name))?.[1];
const restarts = r('restarts');
if (restarts && !restarts.error) row('simulator killed and restarted mid-call: true state shown; time to truth', `${restarts.restarts}/${restarts.restarts}; p50 ${restarts.timeToTruthMs.p50} ms, p99 ${restarts.timeToTruthMs.p99} ms`, short ? 'all (short run)' : '20/20', true);
else row('restarts', restarts?.error?.split('\n')[0] ?? 'not run', '20/20', false);
const drops = r('drops');
if (drops && !drops.error) row('CometD dropped at random moments during calls: final states missed', `${drops.missedFinalStates} of ${drops.calls} calls (${drops.drops} drops)`, short ? '0 (short run)' : '0 of ≥ 50', drops.missedFinalStates === 0 && (short || drops.drops >= 50));
else row('drops', drops?.error?.split('\n')[0] ?? 'not run', '0 missed of 50', false);
const clicks = r('clicks');
if (clicks && !clicks.error) row('double- and triple-clicks: not exactly one Dial', `${clicks.notExactlyOneDial} of ${clicks.doubleClicks} + ${clicks.tripleClicks}`, short ? '0 (short run)' : '0 of 100 + 100', clicks.notExactlyOneDial === 0 && (short || clicks.doubleClicks >= 100));
else row('clicks', clicks?.error?.split('\n')[0] ?? 'not run', '0 of 100 + 100', false);
const xss = read('xss.log').match(/test result: (\w+)\. (\d+) passed; (\d+) failed/);
const names = r('xss');
row('XSS corpus (50 payloads in userData keys/values, parties, ANI/DNIS, agent names, server errors; hostile agent names end to end): executions, dialogs',
  `${xss && xss[3] === '0' && names && !names.error ? '0 executions, 0 dialogs' : 'FAILED'}`, '0, 0', !!(xss && xss[3] === '0' && names && !names.error));
const shift = r('shift');
if (shift?.partial) {
  // Stopped by the time limit: what was measured, and not met.
  const kb = shift.heapSamplesKB;
  row('a shift: call cycles (dial, connected, hold, retrieve, hang up); JS heap after GC',
    `stopped after ${shift.cyclesDone.toLocaleString('en')} of ${shift.cycles.toLocaleString('en')} cycles (p50 ${shift.cycleMs.p50} ms each); heap ${kb[0]} → ${kb[kb.length - 1]} KB, sampled every ${shift.sampleEvery} cycles`,
    '10,000 cycles, heap < 5%, RSS flat, 0 errors', false);
} else if (shift && !shift.error) {
  row('a shift: call cycles (dial, connected, hold, retrieve, hang up); JS heap growth after the first 10%', `${shift.cycles.toLocaleString('en')} cycles (p50 ${shift.cycleMs.p50} ms each); heap ${shift.heapGrowthPct}%; simulator RSS ${shift.simRssGrowthPct}%; errors shown ${shift.errorsShown}`,
    '10,000 cycles, heap < 5%, RSS flat, 0 errors', shift.cycles >= 10000 && shift.heapGrowthPct < 5 && shift.errorsShown === 0);
} else row('shift', shift?.error?.split('\n')[0] ?? 'not run', '10,000 cycles, heap < 5%', false);

console.log(`# Reliability and security

What the widget and the simulator take, measured by \`scripts/reliability.sh\` (issue 13). Every
run stays on loopback and is bounded in time; the short form (\`RELIABILITY_SHORT=1\`, smaller
counts) runs in \`.ci/run\` too.

## Latest figures${short ? ' (short run)' : ''}

Machine: ${machine.cpus} x ${machine.model}, ${machine.memGiB} GiB, Linux ${machine.kernel}, node ${machine.node}; load average at start ${(machine.loadavg || []).map((x) => x.toFixed(2)).join(' / ')}, at end ${(end.loadavg || []).map((x) => x.toFixed(2)).join(' / ')} (${machine.date} – ${end.date}).

| figure | measured | target | |
|---|---|---|---|
${rows.join('\n')}

## Method

1. **Parsers never panic** (\`scripts/fuzz.sh\`, \`crates/fuzz\`): a seeded, structure-aware
   mutational fuzzer on stable Rust over every parser that reads untrusted input (GWS
   notifications and REST answers, both the serde model and the widget's lean readers; Bayeux
   batches; number rules, \`tel:\` URIs and dialling-rule patterns; the simulator's request
   bodies; the desk fed arbitrary replies and frames), seeded from \`../shared/fixtures\`. Each input
   runs under \`catch_unwind\` and is timed.
2. **The simulator answers everything in GWS's shape** (\`crates/gws-sim/tests/hostile.rs\`):
   a seeded storm of malformed and hostile REST requests, long-polling Bayeux POSTs and WebSocket
   frames against a real simulator on loopback; every answer under \`/api/v2\` must be a 2xx/4xx
   with a GWS body \`{statusCode, statusMessage}\` (or a Bayeux reply), never a 5xx; afterwards a
   normal client signs in and dials.
3. **Security defaults** (\`crates/gws-sim/tests/security.rs\`): the admin API and page only from
   loopback or with \`--admin-token\`; \`HttpOnly\` + \`SameSite\` session cookies (\`Secure\` with
   \`--secure-cookies\`); CORS (allowed / denied / wildcard origins × credentials × preflight ×
   method) and CSRF (missing / wrong / other session's / right token) as a matrix.
4. **The widget in a hostile world** (\`e2e/reliability.mjs\`, release widget in headless Chromium
   against the real simulator): double- and triple-clicks on a number, counted at the server;
   CometD connections dropped by the simulator at random moments while calls are released by the
   far end; the simulator killed (SIGKILL) and restarted on the same port mid-call, timing how long
   until the widget shows the server's truth; call cycles through the JS API for a shift, with the
   JS heap after a forced GC (CDP) and the simulator's RSS; hostile agent names. The XSS corpus
   (50 payloads in every field shown from the server) is \`tests/widget.rs\`
   \`an_xss_corpus_in_every_shown_field_never_runs\` in headless Chromium.

## Reproduce

\`\`\`sh
scripts/reliability.sh                      # full counts, ~75 minutes
RELIABILITY_SHORT=1 scripts/reliability.sh  # the short counts
node e2e/reliability.mjs --only shift --shift-cycles 2000   # one part, after a build
\`\`\``);
