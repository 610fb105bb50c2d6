// Trunk post-build hook (Trunk.toml), in every build: writes into the one-tag loader the paths
// of the JS snippets the wasm-bindgen glue imports (their directory is named after the crate
// and a hash, so the loader cannot name them itself: it preloads `SNIPPETS`); then, in release
// builds, minifies the shipped JavaScript, the loader and the glue, with terser (npm, pinned in
// package.json). Trunk's own minifier fails on the glue, so it is switched off for JS. Usage:
// node scripts/minify-js.mjs <dir> (default $TRUNK_STAGING_DIR). Fails the build when a file is
// missing, the loader has no `const SNIPPETS = [];` to fill, or a file does not minify.
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/minify-js.mjs <dist dir> (or set TRUNK_STAGING_DIR)');

// The snippets the glue imports ("./snippets/…" beside it), as paths from the loader.
const glue = fs.readFileSync(path.join(dir, 'pkg/gws-dialer.js'), 'utf8');
const snippets = [...new Set([...glue.matchAll(/["']\.\/(snippets\/[^"']+\.js)["']/g)].map((m) => `pkg/${m[1]}`))];
const loaderFile = path.join(dir, 'gws-dialer.js');
const loader = fs.readFileSync(loaderFile, 'utf8');
const marker = 'const SNIPPETS = [];';
if (loader.split(marker).length !== 2) throw new Error(`minify-js: gws-dialer.js must hold \`${marker}\` exactly once`);
fs.writeFileSync(loaderFile, loader.replace(marker, `const SNIPPETS = ${JSON.stringify(snippets)};`));
console.log(`minify-js: the loader preloads ${snippets.join(', ') || 'no snippet'}`);

if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') {
  console.log('minify-js: debug build, left unminified');
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
