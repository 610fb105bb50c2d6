// Shipped size of the release widget: what a page downloads (loader + wasm-bindgen JS glue +
// wasm; the widget's CSS is compiled into the wasm and injected into its shadow root), raw,
// gzip -9 and brotli q11, plus what each build step saves (cargo output -> wasm-bindgen ->
// wasm-opt -Oz).
//   node bench/size.mjs --dist target/bench/dist [--cargo-wasm path] [--work dir] [--out size.json]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const dist = arg('--dist', 'dist');
const cargoWasm = arg('--cargo-wasm', null);
const work = arg('--work', null);
const out = arg('--out', null);

export function sizesOf(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

// The loader, the glue, the wasm, and the JS snippets wasm-bindgen emits (pkg/snippets/**).
const snippetFiles = (dir) => (fs.existsSync(dir)
  ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'))
    .map((f) => path.join('pkg/snippets', f))
  : []);
const shipped = ['gws-dialer.js', 'pkg/gws-dialer.js', 'pkg/gws-dialer_bg.wasm',
  ...snippetFiles(path.join(dist, 'pkg/snippets'))];
const files = {};
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of shipped) {
  const p = path.join(dist, f);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: build the widget first (trunk build --release)`);
  files[f] = sizesOf(fs.readFileSync(p));
  for (const k of Object.keys(total)) total[k] += files[f][k];
}
const cssFiles = fs.readdirSync(dist).filter((f) => f.endsWith('.css') && f !== 'demo.css');
for (const f of cssFiles) {
  files[f] = sizesOf(fs.readFileSync(path.join(dist, f)));
  for (const k of Object.keys(total)) total[k] += files[f][k];
}

// The size steps, rebuilt from the cargo output with the same tools Trunk uses.
const steps = {};
if (cargoWasm && work && fs.existsSync(cargoWasm)) {
  fs.mkdirSync(work, { recursive: true });
  steps.cargo = sizesOf(fs.readFileSync(cargoWasm));
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', work, '--out-name', 'gws-dialer', cargoWasm]);
  const bg = path.join(work, 'gws-dialer_bg.wasm');
  steps.wasmBindgen = sizesOf(fs.readFileSync(bg));
  execFileSync('wasm-bindgen', ['--target', 'web', '--remove-name-section', '--remove-producers-section', '--out-dir', path.join(work, 'noname'), '--out-name', 'gws-dialer', cargoWasm]);
  steps.wasmBindgenNoNames = sizesOf(fs.readFileSync(path.join(work, 'noname', 'gws-dialer_bg.wasm')));
  const oz = path.join(work, 'oz.wasm');
  execFileSync('wasm-opt', ['-Oz', bg, '-o', oz]);
  steps.wasmOptOz = sizesOf(fs.readFileSync(oz));
  steps.trunkOutput = files['pkg/gws-dialer_bg.wasm'];
}

const result = { files, total, steps, budgetGzip: 130_000 };
if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result));
