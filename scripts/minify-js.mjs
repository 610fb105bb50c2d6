// Trunk post-build hook (Trunk.toml): minify the shipped JavaScript, the one-tag loader and the
// wasm-bindgen glue, with terser (npm, pinned in package.json). Trunk's own minifier fails on the
// glue, so it is switched off for JS. Usage: node scripts/minify-js.mjs <dir> (default
// $TRUNK_STAGING_DIR). Fails the build when a file is missing or does not minify.
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/minify-js.mjs <dist dir> (or set TRUNK_STAGING_DIR)');
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') {
  console.log('minify-js: debug build, left as is');
  process.exit(0);
}
for (const file of ['gws-dialer.js', 'pkg/gws-dialer.js']) {
  const full = path.join(dir, file);
  const source = fs.readFileSync(full, 'utf8');
  const out = await minify(source, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (!out.code) throw new Error(`minify-js: ${file} gave no output`);
  fs.writeFileSync(full, out.code);
  console.log(`minify-js: ${file} ${source.length} -> ${out.code.length} bytes`);
}
