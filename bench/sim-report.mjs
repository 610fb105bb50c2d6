// The "Simulator under load" table of BENCHMARKS.md from scripts/bench.sh's load results:
// for each size and transport, the simulator next to Faye 1.4 (both pinned to the same CPU, the
// load generator to another), flat out and paced.   node bench/sim-report.mjs <results-dir>
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] || 'target/bench/results';
const read = (f) => {
  const p = path.join(dir, f);
  return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : null;
};
const n0 = (v) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : Math.round(v).toLocaleString('en-US'));
const ms = (v) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(v < 10 ? 2 : 1));
const files = fs.readdirSync(dir).filter((f) => f.startsWith('load-sim-') && f.endsWith('.json'));
const order = (f) => (f.includes('long-polling') ? 1e6 : 0) + Number(f.match(/-(\d+)\.json$/)?.[1] || 0);
files.sort((a, b) => order(a) - order(b));

const out = [];
const m0 = read('machine-start.json');
const m1 = read('machine-end.json');
if (m0) {
  out.push(`Machine: ${m0.cpus} x ${m0.model}, ${m0.memGiB} GiB, Linux ${m0.kernel}, node ${m0.node}; ` +
    `load average at start ${m0.loadavg.map((x) => x.toFixed(2)).join(' / ')}` +
    `${m1 ? `, at end ${m1.loadavg.map((x) => x.toFixed(2)).join(' / ')}` : ''} (${m0.date}${m1 ? ` → ${m1.date}` : ''}).`, '');
}
out.push('| agents, transport | notifications per server CPU-second: sim ÷ Faye (≥ 3×) | flat out: p99 sim / Faye (sim lower), to receipt; to arrival | flat out: notifications/s sim / Faye | flat out: p50 sim / Faye | paced: p50 / p99 sim; Faye | RSS per client sim / Faye | connected, errors sim; Faye |');
out.push('|---|---:|---:|---:|---:|---:|---:|---|');
const verdicts = [];
for (const f of files) {
  const sim = read(f);
  const faye = read(f.replace('load-sim-', 'load-faye-'));
  const ps = read(f.replace('load-', 'paced-'));
  const pf = read(f.replace('load-sim-', 'paced-faye-'));
  const tag = `${sim.agents.toLocaleString('en-US')}, ${sim.transport}`;
  if (sim.failed || !faye || faye.failed) {
    out.push(`| ${tag} | not measured: ${sim.failed || (faye && faye.failed) || 'no Faye run'} | | | | | | |`);
    verdicts.push(`${tag}: not measured`);
    continue;
  }
  const ratio = sim.notificationsPerServerCpuSecond / faye.notificationsPerServerCpuSecond;
  const p99 = [sim.latencyMs.p99, faye.latencyMs.p99];
  // To arrival: the kernel's receive timestamp (the server's latency, without the load
  // generator's own backlog); runs before it was recorded have none.
  const arrival = (r) => (r.arrivalLatencyMs && r.arrivalLatencyMs.samples > 0 ? r.arrivalLatencyMs.p99 : null);
  const p99a = [arrival(sim), arrival(faye)];
  const hasArrival = p99a[0] !== null && p99a[1] !== null;
  const paced = (r) => (r && !r.failed ? `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p99)} ms` : 'n/a');
  out.push(`| ${tag} | ${n0(sim.notificationsPerServerCpuSecond)} ÷ ${n0(faye.notificationsPerServerCpuSecond)} = **${ratio.toFixed(2)}×** ` +
    `(server CPU ${sim.serverCpuSeconds} / ${faye.serverCpuSeconds} s, load generator ${sim.loadgenCpuSeconds} / ${faye.loadgenCpuSeconds} s) ` +
    `| **${ms(p99[0])}** / ${ms(p99[1])} ms; ${hasArrival ? `**${ms(p99a[0])}** / ${ms(p99a[1])} ms` : 'n/a'} | ${n0(sim.notificationsPerSec)} / ${n0(faye.notificationsPerSec)} ` +
    `| ${ms(sim.latencyMs.p50)} / ${ms(faye.latencyMs.p50)} ms | ${paced(ps)}; ${paced(pf)} ` +
    // Memory per client from each server's first (paced) run: a fresh process.
    `| ${((ps && !ps.failed ? ps : sim).rssPerClientKib ?? NaN).toFixed(1)} / ${((pf && !pf.failed ? pf : faye).rssPerClientKib ?? NaN).toFixed(1)} KiB ` +
    `| ${sim.connected}/${sim.agents}, ${sim.errors}${ps && !ps.failed ? ` (paced ${ps.errors})` : ''}; ${faye.connected}/${faye.agents}, ${faye.errors}${pf && !pf.failed ? ` (paced ${pf.errors})` : ''} |`);
  const errors = sim.errors + (ps && !ps.failed ? ps.errors : 0);
  // A comparison only counts when every agent of both runs connected: a server that served
  // fewer clients did less work, and its ratio or p99 says nothing.
  const short = [['sim', sim], ['Faye', faye]].filter(([, r]) => r.connected !== r.agents);
  if (short.length) {
    verdicts.push(`${tag}: NOT MET, incomplete run (${short.map(([n, r]) => `${n} connected ${r.connected}/${r.agents}`).join(', ')}), sim errors ${errors}`);
  } else {
    const arrivalVerdict = hasArrival ? `, p99 to arrival ${p99a[0] < p99a[1] ? 'met' : 'MISSED'}` : '';
    verdicts.push(`${tag}: ratio ${ratio >= 3 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×), p99 to receipt ${p99[0] < p99[1] ? 'met' : 'MISSED'}${arrivalVerdict}, sim errors ${errors === 0 ? '0: met' : `${errors}: MISSED`}`);
  }
  for (const [name, r] of [['sim', sim], ['faye', faye], ['sim paced', ps], ['faye paced', pf]]) {
    if (r && r.firstErrors && r.firstErrors.length) verdicts.push(`  ${tag} ${name} first errors: ${r.firstErrors.slice(0, 3).join(' | ')}`);
  }
}
out.push('', ...verdicts.map((v) => `- ${v}`));
console.log(out.join('\n'));
