// End-to-end harness: a fresh GWS simulator per scenario on a free loopback
// port, serving the release build of the widget, driven by Debian's Chromium
// through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export function simulatorBinary() {
  const candidates = [process.env.GWS_SIM_BIN, join(ROOT, 'target/debug/gws-sim'), join(ROOT, 'target/release/gws-sim')];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('gws-sim binary not found: run `cargo build -p gws-sim` (or set GWS_SIM_BIN)');
  return found;
}

export function distDir() {
  const dir = process.env.GWS_DIST_DIR || join(ROOT, 'dist');
  if (!existsSync(join(dir, 'gws-dialer.js'))) {
    throw new Error(`no widget build in ${dir}: run \`trunk build --release --offline\` first`);
  }
  return dir;
}

export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Starts the simulator and resolves once it accepts HTTP. */
export async function startSimulator(extraArgs = [], { port } = {}) {
  port ??= await freePort();
  const args = ['--listen', `127.0.0.1:${port}`, '--static-dir', distDir(), '--log-level', 'warn', ...extraArgs];
  const child = spawn(simulatorBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`simulator exited early:\n${output}`);
    try {
      const r = await fetch(`${base}/api/v2/diagnostics/version`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`simulator did not start:\n${output}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, port, child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    admin: (path, body) => adminCall(base, path, body),
  };
}

async function adminCall(base, path, body) {
  const init = body === undefined
    ? { method: 'GET' }
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(`${base}/admin/api${path}`, init);
  const text = await r.text();
  if (!r.ok) throw new Error(`admin ${path} -> HTTP ${r.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Polls `fn` until it returns a truthy value or the time runs out. */
export async function until(fn, { timeout = 10000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

/** Runs scenarios one by one; each gets a fresh simulator, context and page. */
export async function runScenarios(scenarios, { only } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await launchBrowser();
  let passed = 0; let failed = 0;
  try {
    for (const sc of scenarios) {
      if (only && !sc.name.includes(only)) continue;
      const started = Date.now();
      const ctx = { browser, cleanups: [] };
      let page;
      try {
        await Promise.race([
          sc.run({
            browser,
            async simulator(args, opts) { const s = await startSimulator(args, opts); ctx.cleanups.push(() => s.stop()); return s; },
            async newPage(context) {
              const c = context ?? await browser.newContext();
              if (!context) ctx.cleanups.push(() => c.close());
              page = await c.newPage();
              page.on('pageerror', (e) => { ctx.pageErrors = [...(ctx.pageErrors ?? []), e.message]; });
              return page;
            },
            pageErrors: () => ctx.pageErrors ?? [],
          }),
          new Promise((_, fail) => setTimeout(() => fail(new Error('scenario timed out after 90 s')), 90000)),
        ]);
        passed += 1;
        console.log(`ok   ${sc.name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed += 1;
        console.log(`FAIL ${sc.name}: ${e.stack || e}`);
      } finally {
        if (page) {
          const file = join(SCREENSHOTS, `${sc.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => {});
        }
        for (const c of ctx.cleanups.reverse()) await c().catch(() => {});
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0;
}
