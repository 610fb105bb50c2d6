// Prints the bench table (markdown) from the JSON results of scripts/bench.sh: each figure with
// its target (issue 6) and the gap.   node bench/report.mjs <results-dir>
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] || 'target/bench/results';
const read = (f) => {
  const p = path.join(dir, f);
  return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : null;
};
const kb = (b) => (b / 1000).toFixed(1) + ' KB';
const ms = (v) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(v < 10 ? 2 : 1) + ' ms');
const rows = [];
// lower = true: the figure must be <= target.
const row = (what, value, shown, target, targetShown, lower = true) => {
  let gap = '';
  let ok = '';
  if (target === 0 && typeof value === 'number') {
    ok = value === 0 ? 'met' : 'MISSED';
    gap = value === 0 ? '' : `+${value}`;
  } else if (typeof value === 'number' && typeof target === 'number' && !Number.isNaN(value)) {
    const pass = lower ? value <= target : value >= target;
    ok = pass ? 'met' : 'MISSED';
    gap = lower ? `${value <= target ? '' : '+'}${((value / target - 1) * 100).toFixed(0)}%` : `${(value / target).toFixed(2)}x of target`;
  }
  rows.push(`| ${what} | ${shown} | ${targetShown} | ${gap} | ${ok} |`);
};

const m0 = read('machine-start.json');
const m1 = read('machine-end.json');
const out = [];
if (m0) out.push(`Machine: ${m0.cpus} x ${m0.model}, ${m0.memGiB} GiB, Linux ${m0.kernel}, node ${m0.node}; load average at start ${m0.loadavg.map((x) => x.toFixed(2)).join(' / ')}${m1 ? `, at end ${m1.loadavg.map((x) => x.toFixed(2)).join(' / ')}` : ''} (${m0.date}).`, '');
out.push('| figure | measured | target | gap | |', '|---|---:|---:|---:|---|');

const size = read('size.json');
if (size) {
  const t = size.total;
  row('1. shipped widget, gzip -9 (loader + glue + wasm)', t.gzip, `${kb(t.gzip)} (raw ${kb(t.raw)}, brotli ${kb(t.brotli)})`, 130000, '≤ 130 KB');
  const f = size.files;
  for (const [name, s] of Object.entries(f)) row(`  ${name}`, null, `${kb(s.raw)} raw / ${kb(s.gzip)} gz / ${kb(s.brotli)} br`, null, '');
  const st = size.steps || {};
  const step = (label, s) => s && row(`  wasm ${label}`, null, `${kb(s.raw)} raw / ${kb(s.gzip)} gz / ${kb(s.brotli)} br`, null, '');
  step('cargo output (web-release)', st.cargo);
  step('after wasm-bindgen (Trunk keeps names)', st.wasmBindgen);
  step('after wasm-bindgen --remove-name-section', st.wasmBindgenNoNames);
  step('after wasm-opt -Oz (shipped)', st.wasmOptOz);
}

const br = read('browser.json');
if (br) {
  row('2. page load → gws-dialer:ready (warm, p50)', br.readyMs.warm.p50, `${ms(br.readyMs.warm.p50)} (p99 ${ms(br.readyMs.warm.p99)}, first ${ms(br.readyMs.first)})`, 150, '≤ 150 ms');
  if (br.readyMs.plainJs) {
    row('   plain-JS page, same session request (warm, p50); widget cost over it', null,
      `${ms(br.readyMs.plainJs.p50)}; +${ms(br.readyMs.warm.p50 - br.readyMs.plainJs.p50)}`, null, "");
  }
  const bd = br.readyMs.breakdown;
  if (bd) row('  where the load time goes (warm p50, since navigation)', null, `DOMContentLoaded ${ms(bd.domContentLoaded)}, wasm fetched ${ms(bd.wasmFetched)}, first /api fetch ${ms(bd.firstApiFetch)}, ready ${ms(bd.ready)}`, null, '');
  row('3. click → Dial fetch issued (p50)', br.clickToDialMs.p50, ms(br.clickToDialMs.p50), 2, '≤ 2 ms');
  row('3. click → Dial fetch issued (p99)', br.clickToDialMs.p99, `${ms(br.clickToDialMs.p99)} (n=${br.clickToDialMs.n})`, 2, '≤ 2 ms');
  const n = br.notificationToDomMs;
  row('3. notification → DOM, 200 msgs / 50 calls (p50)', n.p50, ms(n.p50), null, '');
  row('3. notification → DOM, 200 msgs / 50 calls (p99)', n.p99, `${ms(n.p99)} (missed ${n.missed})`, 4, '≤ 4 ms');
  const d = br.decorate;
  row(`4. decorate ${d.rows} rows (mount − empty-page mount)`, d.decorateMs, `${ms(d.decorateMs)} (${d.decorated}/${d.marked} marked; mount ${ms(d.mountMs)})`, 50, '≤ 50 ms');
  row('4. append 100 rows: widget share (p50)', d.append100WidgetMs.p50, `${ms(d.append100WidgetMs.p50)} (total incl. DOM insert ${ms(d.append100TotalMs.p50)}; all decorated: ${d.appendedAllDecorated})`, 2, '≤ 2 ms');
}

// Load runs: pair the simulator and Faye at each size/transport.
const loads = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('load-sim-') && f.endsWith('.json')) : [];
const order = (f) => (f.includes('long-polling') ? 1e6 : 0) + Number(f.match(/-(\d+)\.json$/)?.[1] || 0);
loads.sort((a, b) => order(a) - order(b));
for (const f of loads) {
  const sim = read(f);
  let faye = read(f.replace('load-sim-', 'load-faye-'));
  const tag = `${sim.agents} agents, ${sim.transport}`;
  const section = sim.transport === 'long-polling' ? '6' : '5';
  if (sim.failed) {
    row(`${section}. ${tag}: simulator run FAILED`, null, sim.failed, null, '');
    continue;
  }
  if (faye && faye.failed) {
    row(`${section}. ${tag}: Faye run FAILED`, null, faye.failed, null, '');
    faye = null;
  }
  const n = (r) => r.notificationsPerSec;
  const fnum = (x) => (x === null || x === undefined ? 'n/a' : Math.round(x).toLocaleString('en-US'));
  const ratio = faye ? n(sim) / n(faye) : null;
  row(`${section}. ${tag}: flat out: notifications/s sim ÷ Faye`, ratio, faye ? `${fnum(n(sim))} ÷ ${fnum(n(faye))} = ${ratio.toFixed(2)}x` : fnum(n(sim)), 3, '≥ 3x', false);
  const eff = (r) => r.notificationsPerServerCpuSecond;
  if (faye && eff(sim) && eff(faye)) {
    row(`   ${tag}: notifications per server CPU-second sim ÷ Faye`, eff(sim) / eff(faye), `${fnum(eff(sim))} ÷ ${fnum(eff(faye))} = ${(eff(sim) / eff(faye)).toFixed(2)}x (server CPU ${sim.serverCpuSeconds.toFixed(1)} / ${faye.serverCpuSeconds.toFixed(1)} s, load generator ${sim.loadgenCpuSeconds.toFixed(1)} / ${faye.loadgenCpuSeconds.toFixed(1)} s)`, 3, '≥ 3x', false);
  }
  row(`   ${tag}: flat out: latency p50 sim / Faye`, null, `${ms(sim.latencyMs.p50)} / ${faye ? ms(faye.latencyMs.p50) : 'n/a'}`, null, '');
  if (faye) row(`   ${tag}: flat out: latency p99 sim ÷ Faye, to receipt by the load generator`, sim.latencyMs.p99 / faye.latencyMs.p99, `${ms(sim.latencyMs.p99)} / ${ms(faye.latencyMs.p99)}`, 1, 'sim lower (< 1x)');
  // The kernel's receive timestamp: the server's latency without the load generator's backlog.
  const arr = (r) => (r && r.arrivalLatencyMs && r.arrivalLatencyMs.samples > 0 ? r.arrivalLatencyMs : null);
  if (faye && arr(sim) && arr(faye)) row(`   ${tag}: flat out: latency p99 sim ÷ Faye, to arrival (kernel timestamp)`, arr(sim).p99 / arr(faye).p99, `${ms(arr(sim).p99)} / ${ms(arr(faye).p99)} (p50 ${ms(arr(sim).p50)} / ${ms(arr(faye).p50)})`, 1, 'sim lower (< 1x)');
  const ps = read(f.replace('load-', 'paced-'));
  const pf = read(f.replace('load-sim-', 'paced-faye-'));
  if (ps && pf && !ps.failed && !pf.failed) {
    row(`   ${tag}: paced ${fnum(ps.notificationsPerSec)} / ${fnum(pf.notificationsPerSec)} notif/s: latency p99 sim ÷ Faye`, ps.latencyMs.p99 / pf.latencyMs.p99,
      `p50 ${ms(ps.latencyMs.p50)} / ${ms(pf.latencyMs.p50)}, p99 ${ms(ps.latencyMs.p99)} / ${ms(pf.latencyMs.p99)}; errors ${ps.errors} / ${pf.errors}`, 1, 'sim lower (< 1x)');
  }
  const per = (r) => (r.rssPerClientKib === null || r.rssPerClientKib === undefined ? 'n/a' : `${r.rssPerClientKib.toFixed(1)} KiB`);
  // Memory per client from each server's first run (the paced one when present): a second run
  // reconnects to a server whose allocator already holds the first run's memory.
  const fresh = (paced, flat) => (paced && !paced.failed ? paced : flat);
  const ms0 = fresh(ps, sim);
  const mf0 = fresh(pf, faye);
  row(`   ${tag}: RSS per connected client sim / Faye`, null, `${per(ms0)} / ${mf0 ? per(mf0) : 'n/a'} (peak over both runs ${(Math.max(sim.rssKib.peak, ps?.rssKib?.peak || 0) / 1024).toFixed(0)} / ${faye ? (Math.max(faye.rssKib.peak, pf?.rssKib?.peak || 0) / 1024).toFixed(0) : 'n/a'} MiB)`, null, '');
  row(`   ${tag}: connected / errors sim; Faye`, sim.errors + (faye ? faye.errors : 0), `${sim.connected}/${sim.agents}, ${sim.errors} errors; ${faye ? `${faye.connected}/${faye.agents}, ${faye.errors} errors` : 'n/a'}`, 0, '0 errors');
}
out.push(...rows);
for (const f of loads) {
  for (const r of [read(f), read(f.replace('load-sim-', 'load-faye-')), read(f.replace('load-', 'paced-')), read(f.replace('load-sim-', 'paced-faye-'))]) {
    if (r && !r.failed && r.errors > 0) out.push('', `${r.label}: first errors: ${r.firstErrors.slice(0, 3).join(' | ')}`);
  }
}
console.log(out.join('\n'));
