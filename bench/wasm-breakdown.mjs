// Where the widget's wasm code bytes go, per crate and per serde code path, read from the
// name section of the wasm-bindgen output (before wasm-opt strips names). Sizes are of function
// bodies before wasm-opt, so they rank the culprits rather than give shipped bytes.
//   node bench/wasm-breakdown.mjs target/bench/sizes/gws-dialer_bg.wasm [top-N]
import fs from 'node:fs';

const file = process.argv[2];
const top = Number(process.argv[3] || 20);
if (!file) throw new Error('usage: node bench/wasm-breakdown.mjs <wasm with a name section> [top-N]');
const b = fs.readFileSync(file);
let p = 8;
const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
let imported = 0;
const bodies = [];
const names = {};
while (p < b.length) {
  const id = b[p++];
  const len = leb();
  const end = p + len;
  if (id === 2) { // imports: count the function imports (they come first in the index space)
    const n = leb();
    for (let i = 0; i < n; i++) {
      // (`p += leb()` would read p before leb() advances it.)
      const moduleLen = leb(); p += moduleLen;
      const fieldLen = leb(); p += fieldLen;
      const kind = b[p++];
      if (kind === 0) { leb(); imported++; }
      else if (kind === 1) { p++; const f = b[p++]; leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = b[p++]; leb(); if (f & 1) leb(); }
      else if (kind === 3) { p += 2; }
      else if (kind === 4) { p++; leb(); }
      else throw new Error(`unknown import kind ${kind}`);
    }
  } else if (id === 10) {
    const n = leb();
    for (let i = 0; i < n; i++) { const l = leb(); bodies.push(l); p += l; }
  } else if (id === 0) {
    const nl = leb();
    const name = b.subarray(p, p + nl).toString();
    p += nl;
    if (name === 'name') {
      while (p < end) {
        const sub = b[p++];
        const sl = leb();
        const se = p + sl;
        if (sub === 1) {
          const n = leb();
          for (let i = 0; i < n; i++) { const idx = leb(); const l = leb(); names[idx] = b.subarray(p, p + l).toString(); p += l; }
        }
        p = se;
      }
    }
  }
  p = end;
}
if (!Object.keys(names).length) throw new Error(`${file} has no name section (use the wasm-bindgen output, not the wasm-opt output)`);
const fns = bodies.map((size, i) => ({ size, name: names[i + imported] || `func${i + imported}` }));
const total = fns.reduce((a, f) => a + f.size, 0);
const byCrate = {};
for (const f of fns) {
  const m = f.name.match(/^<?(?:&(?:mut )?)?([A-Za-z_][A-Za-z0-9_]*)/);
  const k = m ? m[1] : '?';
  byCrate[k] = (byCrate[k] || 0) + f.size;
}
const paths = {
  'serde_json: from_str/from_slice deserializers': /serde_json::de::/,
  'serde_json: from_value / Value deserializers': /serde_json::value::de|for serde_json::map::Map|for serde_json::value::Value/,
  'serde: #[serde(flatten)] Content buffering': /__private::de::content|FlatMap|ContentRefDeserializer|ContentDeserializer/,
  'serde-wasm-bindgen': /serde_wasm_bindgen/,
  'float formatting (flt2dec)': /flt2dec/,
  'regex-lite': /regex_lite/,
};
const byPath = {};
for (const f of fns) for (const [k, re] of Object.entries(paths)) if (re.test(f.name)) { byPath[k] = (byPath[k] || 0) + f.size; break; }
const pct = (x) => `${(100 * x / total).toFixed(1)}%`;
console.log(`${fns.length} functions, ${total} code bytes (before wasm-opt)\n\nby crate:`);
for (const [k, v] of Object.entries(byCrate).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${String(v).padStart(8)}  ${pct(v).padStart(6)}  ${k}`);
console.log('\nby code path:');
for (const [k, v] of Object.entries(byPath).sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(8)}  ${pct(v).padStart(6)}  ${k}`);
console.log('\nlargest functions:');
for (const f of fns.sort((a, b) => b.size - a.size).slice(0, top)) console.log(`  ${String(f.size).padStart(8)}  ${f.name.slice(0, 140)}`);
