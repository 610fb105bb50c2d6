// Deterministic size budget for the release widget (no timing involved): the loader, the JS glue
// and the wasm a page downloads must stay within 130 KB gzip (-9) in total (KB = 1000 bytes).
//   node bench/size-budget.mjs [dist-dir]       exit 0 = within budget, 1 = over, 2 = not built
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET_GZIP = 130_000;
const dist = process.argv[2] || 'dist';
// The loader, the glue, the wasm, and the JS snippets wasm-bindgen emits (pkg/snippets/**).
const snippetFiles = (dir) => (fs.existsSync(dir)
  ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'))
    .map((f) => path.join('pkg/snippets', f))
  : []);
const shipped = ['gws-dialer.js', 'pkg/gws-dialer.js', 'pkg/gws-dialer_bg.wasm',
  ...snippetFiles(path.join(dist, 'pkg/snippets'))];
let total = 0;
for (const f of shipped) {
  const p = path.join(dist, f);
  if (!fs.existsSync(p)) {
    console.error(`size budget: ${p} is missing; run \`trunk build --release --offline\` first`);
    process.exit(2);
  }
  const gz = zlib.gzipSync(fs.readFileSync(p), { level: 9 }).length;
  console.log(`  ${f.padEnd(24)} ${String(gz).padStart(8)} B gzip`);
  total += gz;
}
const verdict = total <= BUDGET_GZIP ? 'within' : 'OVER';
console.log(`size budget: ${total} B gzip of ${BUDGET_GZIP} B: ${verdict} budget (${total - BUDGET_GZIP >= 0 ? '+' : ''}${total - BUDGET_GZIP} B)`);
process.exit(total <= BUDGET_GZIP ? 0 : 1);
