// End-to-end suite: `node e2e/run.mjs [name-filter]`.
// Needs the release widget in dist/ (`trunk build --release --offline`) and the gws-sim binary
// (`cargo build -p gws-sim`); scripts/test.sh provides both.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { runScenarios, until, assert, freePort, SCREENSHOTS } from './harness.mjs';

const AGENT = { user: 'agent1', password: 'password' };
const DANA = 'tel:+1-201-555-0123'; // external number that answers after the scripted delay

// ---------------------------------------------------------------- page helpers

/** Records the widget's DOM events so scenarios can assert on them. */
const RECORD_EVENTS = () => {
  window.__gwsEvents = [];
  for (const name of ['gws-dialer:ready', 'gws-dialer:call', 'gws-dialer:connection', 'gws-dialer:error']) {
    document.addEventListener(name, (e) => window.__gwsEvents.push({ name, detail: e.detail, at: performance.now() }));
  }
};

async function openPage(t, url) {
  const page = await t.newPage();
  await page.addInitScript(RECORD_EVENTS);
  await page.goto(url);
  return page;
}

async function signIn(page, { user = AGENT.user, password = AGENT.password } = {}) {
  await page.getByLabel('User name').first().fill(user);
  await page.getByLabel('Password').first().fill(password);
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
}

// The connection indicator's words when CometD is connected: "Live updates on (WebSocket)".
const LIVE = /^\s*Live updates on/;

async function connected(page) {
  await until(async () => LIVE.test(await page.getByTestId('connection').first().textContent()),
    { what: 'the widget to show live updates are on', timeout: 15000 });
}

const callState = (page) => page.getByTestId('call-state').first();

async function expectState(page, label, timeout = 10000) {
  await until(async () => (await callState(page).textContent())?.trim() === label,
    { what: `call state "${label}"`, timeout });
}

async function dialCount(sim) {
  const c = await sim.admin('/counters');
  return c.operations?.Dial ?? 0;
}

async function operationCount(sim, op) {
  const c = await sim.admin('/counters');
  return c.operations?.[op] ?? 0;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The widget's error sentences come from crates/dialer-core/src/errors.rs, which repeats the
// server's statusMessage clipped to MAX_SERVER_TEXT characters.
const MAX_SERVER_TEXT = 160;
function clip(text) {
  const chars = Array.from(text.trim());
  return chars.length > MAX_SERVER_TEXT ? `${chars.slice(0, MAX_SERVER_TEXT).join('')}…` : chars.join('');
}

/** A GWS answer as the widget received it: HTTP status plus the body's statusCode/statusMessage. */
async function gwsReply(response) {
  const body = await response.json().catch(() => null);
  return { http: response.status(), statusCode: body?.statusCode, statusMessage: body?.statusMessage };
}

/** The message banner's words, without its buttons' text. */
async function bannerText(page) {
  return page.getByRole('alert').first().evaluate((el) => {
    const words = el.cloneNode(true);
    for (const button of words.querySelectorAll('button')) button.remove();
    return words.textContent.trim();
  });
}

/** Waits until the banner says exactly `expected`. */
async function expectBanner(page, expected, timeout = 10000) {
  let shown = '';
  await until(async () => {
    shown = await bannerText(page).catch(() => '(no banner)');
    return shown === expected;
  }, { what: `the banner to say exactly: ${expected}`, timeout }).catch((e) => {
    throw new Error(`${e.message}\n  shown:    ${shown}\n  expected: ${expected}`);
  });
}

/** The banner has a "Dismiss message" button, and pressing it removes the banner. */
async function dismissBanner(page) {
  const banner = page.getByRole('alert');
  const dismiss = banner.first().getByRole('button', { name: 'Dismiss message', exact: true });
  assert(await dismiss.count() === 1, `the banner has a "Dismiss message" button (found ${await dismiss.count()})`);
  await dismiss.click();
  await until(async () => (await banner.count()) === 0, { what: 'the banner to go after Dismiss', timeout: 5000 });
}

async function agentCalls(sim, user = AGENT.user) {
  const s = await sim.admin('/state');
  return s.agents.find((a) => a.username === user).calls;
}

/** A control button inside the widget (Playwright's role queries pierce open shadow roots). */
const control = (page, name) => page.getByRole('button', { name, exact: true }).first();


// ---------------------------------------------------------------- themes and layouts

// The themes' default background and text colours (src/components/styles.css).
const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(22, 27, 34)';
const DARK_FG = 'rgb(230, 237, 243)';

/** The widget's computed colours: its section's background, text colour and color-scheme. */
async function widgetColours(page, host = 'gws-dialer') {
  return page.evaluate((sel) => {
    const section = document.querySelector(sel).shadowRoot.querySelector('section.gws');
    const cs = getComputedStyle(section);
    return { bg: cs.backgroundColor, fg: cs.color, scheme: cs.colorScheme };
  }, host);
}

async function expectColours(page, expected, what) {
  let got;
  await until(async () => {
    got = await widgetColours(page);
    return Object.entries(expected).every(([k, v]) => got[k] === v);
  }, { what: `${what} (${JSON.stringify(expected)})`, timeout: 5000 }).catch((e) => {
    throw new Error(`${e.message}; computed ${JSON.stringify(got)}`);
  });
}

/** Every visible text in the widget against the background it is drawn on: WCAG AA (4.5:1).
 * Returns {checked, failures}. */
async function renderedContrast(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
      return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
    };
    const lum = ({ r, g, b }) => {
      const lin = (v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a === 1) return c;
        if (c && c.a > 0) return null; // translucent: not judged here
      }
      return null;
    };
    const root = document.querySelector('gws-dialer').shadowRoot;
    const failures = [];
    let checked = 0;
    for (const el of root.querySelectorAll('section.gws, section.gws *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const rect = el.getBoundingClientRect();
      if (!own || rect.width < 2 || rect.height < 2 || !el.checkVisibility()) continue;
      const cs = getComputedStyle(el);
      if (parseFloat(cs.fontSize) === 0) continue;
      const fg = parse(cs.color);
      const bg = background(el);
      if (!fg || !bg) continue;
      checked += 1;
      const r = ratio(fg, bg);
      if (r < 4.5) failures.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}": ${cs.color} on rgb(${bg.r}, ${bg.g}, ${bg.b}) = ${r.toFixed(2)}:1`);
    }
    return { checked, failures };
  });
}

async function expectAaContrast(page, what) {
  const { checked, failures } = await renderedContrast(page);
  assert(checked >= 8, `${what}: enough visible texts to judge (${checked})`);
  assert(failures.length === 0, `${what}: every visible text meets 4.5:1:\n  ${failures.join('\n  ')}`);
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// ---------------------------------------------------------------- languages

const WORDS = {
  en: { user: 'User name', password: 'Password', signIn: 'Sign in', live: /^\s*Live updates on/, connected: 'Connected',
    hangup: 'Hang up', more: /^More controls for the call with/, number: 'Number to call', ended: 'Ended' },
  de: { user: 'Benutzername', password: 'Passwort', signIn: 'Anmelden', live: /^\s*Live-Aktualisierung an/, connected: 'Verbunden',
    hangup: 'Auflegen', more: /^Weitere Steuerung für den Anruf mit/, number: 'Anzurufende Nummer', ended: 'Beendet' },
};

/** Every text of the widget an agent can see or hear: text nodes (closed menus and the
 * announcer included) and the accessible names, placeholders and titles. */
async function widgetTexts(page) {
  return page.evaluate(() => {
    const root = document.querySelector('gws-dialer').shadowRoot;
    const out = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.parentElement?.closest('style')) continue;
      const text = n.textContent.trim();
      if (text) out.push(text);
    }
    for (const el of root.querySelectorAll('*')) {
      for (const a of ['aria-label', 'placeholder', 'title', 'label']) {
        const v = el.getAttribute(a);
        if (v && v.trim()) out.push(v.trim());
      }
    }
    return out;
  });
}

/** Sign in, a connected call with its menus, hang up (recent calls, a disposition to choose),
 * a number that cannot be dialled (the banner) and the JS API's refusal, in one language. */
async function languageTour(t, sim, lang) {
  const w = WORDS[lang];
  const page = await openPage(t, `${sim.base}/crm.html?lang=${lang}&theme=dark`);
  await page.getByLabel(w.user, { exact: true }).first().fill(AGENT.user);
  await page.getByLabel(w.password, { exact: true }).first().fill(AGENT.password);
  const texts = new Set(await widgetTexts(page)); // the sign-in form
  await page.getByRole('button', { name: w.signIn, exact: true }).click();
  await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
  await until(async () => w.live.test(await page.getByTestId('connection').first().textContent()),
    { what: `live updates on, in ${lang}`, timeout: 15000 });
  await page.locator(`a[href="${DANA}"]`).click();
  await expectState(page, w.connected, 15000);
  // Closed menus (the call's More popover in the bar layout) count too: every text node is read.
  assert(await page.getByRole('button', { name: w.more, includeHidden: true }).count() === 1, `the call's More button is named in ${lang}`);
  for (const s of await widgetTexts(page)) texts.add(s);
  await page.getByRole('button', { name: w.hangup, exact: true }).click();
  await expectState(page, w.ended);
  await page.getByLabel(w.number, { exact: true }).fill('call me maybe');
  await page.getByLabel(w.number, { exact: true }).press('Enter');
  await page.getByRole('alert').first().waitFor({ timeout: 5000 });
  await until(async () => (await page.locator('section.recent li').count()) > 0, { what: 'the ended call in recent calls', timeout: 15000 });
  for (const s of await widgetTexts(page)) texts.add(s);
  const api = await page.evaluate(() => GwsDialer.dial('abc').then(() => ({}), (e) => ({ code: e.code, message: e.message })));
  // Data, the same in every language: the agent's name, what was typed, and the agent states,
  // reasons and dispositions the contact center configured (the server's own names).
  const data = await page.evaluate(async () => {
    const get = async (path) => (await fetch(path, { credentials: 'include' })).json();
    const states = (await get('/api/v2/settings/agent-states')).settings ?? [];
    const attributes = (await get('/internal-api/business-attributes')).businessAttributes ?? [];
    const named = [];
    for (const s of states) named.push(s.displayName, s.reason);
    for (const a of attributes) for (const v of a.values ?? []) named.push(v.displayName, v.name);
    const who = document.querySelector('gws-dialer').shadowRoot.querySelector('.who-name')?.firstChild?.textContent;
    return [...named, who, 'call me maybe'].filter((x) => typeof x === 'string' && x.trim()).map((x) => x.trim());
  });
  if (lang === 'de') data.push('Status:'); // the same word in German
  return { page, texts, api, data };
}

// ---------------------------------------------------------------- scenarios

const scenarios = [
  {
    name: '01 login: wrong password, sign in, reload keeps the session without a loop',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signInExpectingError(page);
      await signIn(page);
      await connected(page);
      assert(await operationCount(sim, 'StartContactCenterSession') === 1, 'one StartContactCenterSession');
      const meRequests = [];
      page.on('request', (r) => { if (r.url().includes('/api/v2/me?') || r.url().endsWith('/api/v2/me')) meRequests.push(r.url()); });
      await page.reload();
      await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
      assert(!(await page.getByLabel('Password').first().isVisible().catch(() => false)), 'no login form after reload');
      await connected(page);
      await sleep(1500);
      assert(meRequests.length <= 3, `reload probes the session a bounded number of times (saw ${meRequests.length})`);
      assert(await operationCount(sim, 'StartContactCenterSession') === 1, 'reload does not start a second session');
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
      assert(!stored.includes('password'), 'no credentials in web storage');
    },
  },
  {
    name: '02 tel: link -> one Dial -> Dialing -> Connected -> Hold -> Retrieve -> DTMF -> Hang up',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      await fullCallFlow(page, sim);
    },
  },
  {
    name: '03 double-click and rapid clicks on one number send one Dial',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      const link = page.locator(`a[href="${DANA}"]`);
      await link.dblclick();
      for (let i = 0; i < 5; i += 1) await link.click({ delay: 0 });
      await expectState(page, 'Dialing');
      await sleep(2500); // time for any stray second request to arrive
      assert(await dialCount(sim) === 1, `exactly one Dial (got ${await dialCount(sim)})`);
      await expectState(page, 'Connected');
      for (let i = 0; i < 3; i += 1) await link.click();
      await sleep(1000);
      assert(await dialCount(sim) === 1, 'no Dial for a number that already has a live call');
    },
  },
  {
    name: '03b a number clicked while the phone session is starting is dialled once it is up, once',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      // StartContactCenterSession (POST /api/v2/me) is held until the click has been made.
      let release;
      const released = new Promise((r) => { release = r; });
      let held = 0;
      await page.route('**/api/v2/me', async (route) => {
        if (route.request().method() === 'POST' && /StartContactCenterSession/.test(route.request().postData() ?? '')) {
          held += 1;
          await released;
        }
        await route.continue();
      });
      await signIn(page);
      await until(async () => held === 1, { what: 'StartContactCenterSession on its way' });
      const link = page.locator(`a[href="${DANA}"]`);
      await link.click();
      await page.locator('a[href="tel:5550101"]').first().click(); // a second number meanwhile: refused
      await sleep(300);
      assert(await dialCount(sim) === 0, 'no Dial before the session is up');
      assert(page.url().startsWith(sim.base), `the page stayed (${page.url()})`);
      release();
      await expectState(page, 'Connected');
      await sleep(1000); // time for any stray second request to arrive
      assert(await dialCount(sim) === 1, `exactly one Dial, to the number clicked first (got ${await dialCount(sim)})`);
      const dialled = (await sim.admin('/counters')).lastBodies.Dial;
      assert(JSON.stringify(dialled).includes('2015550123'), `the first number was dialled: ${JSON.stringify(dialled)}`);
    },
  },
  {
    name: '04 Dial carries userData and location from markup; Dial Preview Record body is exact',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      await page.locator('[data-gws-dial="5003"]').click();
      await until(async () => (await dialCount(sim)) === 1, { what: 'the Dial with user data' });
      const body = (await sim.admin('/counters')).lastBodies.Dial;
      assert(body.destination?.phoneNumber === '5003', `destination 5003 (${JSON.stringify(body)})`);
      assert(body.location === 'SIP_Switch', `location from data-gws-location (${JSON.stringify(body)})`);
      assert(JSON.stringify(body.userData) === JSON.stringify({ Reason: 'Escalation', TicketId: 'T-1042' }),
        `userData from data-gws-user-data (${JSON.stringify(body.userData)})`);

      await page.goto(`${sim.base}/contact.html`);
      await connected(page);
      await sim.admin('/counters/reset', {});
      await page.getByRole('button', { name: /Dial preview record 431/ }).click();
      await until(async () => (await dialCount(sim)) === 1, { what: 'the Dial Preview Record' });
      const state = await sim.admin('/state');
      const deviceId = state.agents.find((a) => a.username === AGENT.user).deviceId;
      const expected = {
        operationName: 'Dial',
        devicePath: `/devices/${deviceId}`,
        outboundRecord: { recordHandle: 431, phoneNumber: '5550123', outboundCallerId: '410004343', otherFields: { AccountNumber: '12345678' } },
      };
      const got = (await sim.admin('/counters')).lastBodies.Dial;
      assert(JSON.stringify(sortKeys(got)) === JSON.stringify(sortKeys(expected)),
        `Dial Preview Record body\n  got      ${JSON.stringify(got)}\n  expected ${JSON.stringify(expected)}`);
      await expectState(page, 'Dialing');
    },
  },
  {
    name: '05 inbound call rings with an Answer button; Answer connects it',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      await sim.admin(`/agents/${AGENT.user}/inbound-call`, { ani: '5557001', userData: { Segment: 'Gold' } });
      await expectState(page, 'Ringing');
      await page.getByText('Gold').first().waitFor();
      await control(page, 'Answer').click();
      await expectState(page, 'Connected');
      assert(await operationCount(sim, 'Answer') === 1, 'one Answer');
    },
  },
  {
    name: '06 WebSocket refused: falls back to long-polling and the call flow still works',
    async run(t) {
      const sim = await t.simulator();
      await sim.admin('/settings', { refuseWebsocketUpgrade: true });
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      const clients = (await sim.admin('/state')).cometdClients;
      assert(clients.length >= 1 && clients.every((c) => c.transport === 'long-polling'),
        `CometD over long-polling (${JSON.stringify(clients.map((c) => c.transport))})`);
      await fullCallFlow(page, sim);
    },
  },
  {
    name: '07 CometD connections dropped mid-call: reconnects, resyncs to the true state',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      await page.locator(`a[href="${DANA}"]`).click();
      await expectState(page, 'Connected');
      const [call] = await agentCalls(sim);
      // The far end hangs up while notifications are held back, then every connection drops:
      // only a resync after reconnecting can show the truth.
      await sim.admin('/notifications/pause', {});
      await sim.admin(`/calls/${call.id}/far-end-hangup`, {});
      const before = await page.evaluate(() => window.__gwsEvents.length);
      await sim.admin('/cometd/drop', {});
      await expectState(page, 'Ended', 20000).catch(async (e) => {
        throw new Error(`${e.message}; rows: ${await page.locator('li[data-call-id]').count()}`);
      });
      const states = await page.evaluate((from) => window.__gwsEvents.slice(from)
        .filter((e) => e.name === 'gws-dialer:connection').map((e) => e.detail.state), before);
      assert(states.some((s) => !/^connected$/i.test(s)), `a reconnecting state was announced (${states})`);
      await connected(page);
      await sim.admin('/notifications/resume', {});
      await until(async () => (await page.locator('li[data-call-id]').count()) === 0,
        { what: 'the ended call to go after lingering', timeout: 15000 });
    },
  },
  {
    name: '07b simulator restarted: the widget asks to sign in again, once, and recovers',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      await sim.stop();
      await until(async () => !LIVE.test(await page.getByTestId('connection').first().textContent()),
        { what: 'the indicator to say live updates are off', timeout: 15000 });
      const sim2 = await t.simulator([], { port: sim.port });
      await page.getByLabel('Password').first().waitFor({ timeout: 30000 });
      const probes = [];
      page.on('request', (r) => { if (r.url().includes('/api/v2/me')) probes.push(r.url()); });
      await sleep(3000);
      assert(probes.length <= 2, `no login loop while waiting at the form (${probes.length} requests)`);
      await signIn(page);
      await connected(page);
      await page.locator(`a[href="${DANA}"]`).click();
      await expectState(page, 'Dialing');
      assert(await dialCount(sim2) === 1, 'dials through the restarted server');
    },
  },
  {
    name: '08 errors: 503/statusCode 4 on Dial is shown and not retried; statusCode 2 is shown',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      // Only the Dial fails: resyncs also GET /api/v2/me/devices, so the prefix names the calls path.
      const { deviceId } = (await sim.admin('/state')).agents.find((a) => a.username === AGENT.user);
      const callsPath = `/api/v2/me/devices/${deviceId}/calls`;
      const unavailable = 'Voice service is not available at this time';
      await sim.admin('/faults/fail-next', { count: 1, pathPrefix: callsPath, status: 503, message: unavailable });
      const dialAnswer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === callsPath);
      await page.locator(`a[href="${DANA}"]`).click();
      const dialReply = await gwsReply(await dialAnswer);
      assert(dialReply.http === 503 && dialReply.statusCode === 4, `the Dial got 503/statusCode 4 (${JSON.stringify(dialReply)})`);
      await page.getByRole('alert').first().waitFor({ timeout: 10000 });
      await expectBanner(page, `The phone system is not available right now (${unavailable}). Nothing was dialled.`);
      await sleep(2500);
      assert(await dialCount(sim) === 1, `the failed Dial is not retried (${await dialCount(sim)} Dials)`);
      assert(await page.locator('li[data-call-id]').count() === 0, 'no phantom call row');
      await dismissBanner(page);

      // statusCode 2: hold a call twice while the first Hold's notification is held back.
      await page.locator(`a[href="${DANA}"]`).click();
      await expectState(page, 'Connected');
      await sim.admin('/notifications/pause', {});
      await control(page, 'Hold').click();
      await until(async () => (await operationCount(sim, 'Hold')) === 1, { what: 'the first Hold' });
      await until(async () => control(page, 'Hold').isEnabled(), { what: 'Hold enabled again' });
      const holdAnswer = page.waitForResponse((r) => r.request().method() === 'POST'
        && new URL(r.url()).pathname.startsWith('/api/v2/me/calls/') && r.request().postDataJSON()?.operationName === 'Hold');
      await control(page, 'Hold').click();
      const holdReply = await gwsReply(await holdAnswer);
      assert(holdReply.statusCode === 2 && typeof holdReply.statusMessage === 'string',
        `the second Hold got statusCode 2 (${JSON.stringify(holdReply)})`);
      // The widget has not seen the first Hold's notification: to it the call is still connected.
      await expectBanner(page,
        `That isn't possible while the call is connected (${clip(holdReply.statusMessage)}). The call was not changed.`);
      await sim.admin('/notifications/resume', {});
      await expectState(page, 'On hold');
      await dismissBanner(page);
    },
  },
  {
    name: '08b a Dial the server never answers times out after 15 s, is reported and not retried',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      const { deviceId } = (await sim.admin('/state')).agents.find((a) => a.username === AGENT.user);
      // The simulator holds the Dial for 25 s (then refuses it): longer than the widget waits.
      await sim.admin('/faults/fail-next', { count: 1, pathPrefix: `/api/v2/me/devices/${deviceId}/calls`, delayMs: 25000 });
      const clicked = Date.now();
      await page.locator(`a[href="${DANA}"]`).click();
      const alert = page.getByRole('alert').first();
      await alert.waitFor({ timeout: 25000 });
      const waited = Date.now() - clicked;
      const text = await alert.textContent();
      assert(/no answer within 15 s/.test(text) && /may still have been placed/.test(text), `timeout explained (${text})`);
      assert(waited >= 14000 && waited < 24000, `gave up after the 15 s timeout, before the server answered (${waited} ms)`);
      await sleep(1500);
      assert(await dialCount(sim) === 1, `the timed-out Dial is not retried (${await dialCount(sim)} Dials)`);
    },
  },
  {
    name: '09 hostile user data and party names are shown as text; no script runs',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      const payloads = {
        img: '<img src=x onerror="window.__xss=1">',
        script: '<script>window.__xss=2</script>',
        nested: { deep: '<svg onload="window.__xss=3">' },
        '<b onmouseover="window.__xss=4">key</b>': 'hostile key',
      };
      // The simulator only accepts dialable ANIs, so hostile text travels as userData keys and values.
      await sim.admin(`/agents/${AGENT.user}/inbound-call`, { ani: '5557002', userData: payloads });
      await expectState(page, 'Ringing');
      await page.getByText('<img src=x onerror="window.__xss=1">').first().waitFor();
      await page.getByText('<script>window.__xss=2</script>').first().waitFor();
      await page.getByText('<b onmouseover="window.__xss=4">key</b>').first().waitFor();
      await page.locator('li[data-call-id]').first().hover();
      await sleep(500);
      assert(await page.evaluate(() => window.__xss) === undefined, 'no injected script ran');
      const injected = await page.evaluate(() => document.querySelector('gws-dialer').shadowRoot
        .querySelectorAll('li[data-call-id] img, li[data-call-id] script, li[data-call-id] svg, li[data-call-id] b').length);
      assert(injected === 0, `no element was created from user data (${injected})`);
    },
  },
  {
    name: '10 embedded cross-origin with two widgets: works, and one click is still one Dial',
    async run(t) {
      const hostPort = await freePort();
      const sim = await t.simulator(['--allow-origin', `http://127.0.0.1:${hostPort}`]);
      const host = await serveHostPage(hostPort, sim.base);
      t.cleanup?.(() => host.close());
      try {
        const page = await openPage(t, `http://127.0.0.1:${hostPort}/`);
        await signIn(page);
        await page.reload();
        await until(async () => (await page.getByTestId('agent-state').count()) === 2,
          { what: 'both widgets signed in after reload', timeout: 20000 });
        await connected(page);
        await page.locator(`a[href="${DANA}"]`).click();
        await expectState(page, 'Dialing');
        await sleep(2000);
        assert(await dialCount(sim) === 1, `one Dial with two widgets on the page (${await dialCount(sim)})`);
      } finally {
        host.close();
      }
    },
  },
  {
    name: '12 strict CSP page: the widget is styled and works with 0 policy violations',
    async run(t) {
      const hostPort = await freePort();
      const sim = await t.simulator(['--allow-origin', `http://127.0.0.1:${hostPort}`]);
      const host = await serveStrictCspPage(hostPort, sim.base);
      t.cleanup?.(() => host.close());
      try {
        const page = await t.newPage();
        await page.addInitScript(() => {
          window.__csp = [];
          document.addEventListener('securitypolicyviolation',
            (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
        });
        await page.goto(`http://127.0.0.1:${hostPort}/`);
        await signIn(page);
        await connected(page);
        // Styled: the widget's own stylesheet applies inside its shadow root.
        const style = await page.evaluate(() => {
          const section = document.querySelector('gws-dialer').shadowRoot.querySelector('section.gws');
          const cs = getComputedStyle(section);
          return { padding: cs.paddingTop, border: cs.borderTopWidth, sheets: section.getRootNode().adoptedStyleSheets.length };
        });
        assert(style.padding === '10px' && style.border === '1px',
          `the widget is styled under the CSP (padding ${style.padding}, border ${style.border})`);
        assert(style.sheets === 1, `one adopted stylesheet (${style.sheets})`);
        await page.locator(`a[href="${DANA}"]`).click();
        await expectState(page, 'Dialing');
        const violations = await page.evaluate(() => window.__csp);
        assert(violations.length === 0, `no CSP violations: ${JSON.stringify(violations)}`);
        assert(await dialCount(sim) === 1, 'one Dial');
      } finally {
        host.close();
      }
    },
  },
  {
    name: '13 a closed or reloaded page disconnects its CometD client at once',
    async run(t) {
      const sim = await t.simulator();
      const clients = async () => {
        const state = await sim.admin('/state');
        const agent = state.agents.findIndex((a) => a.username === AGENT.user);
        return state.cometdClients.filter((c) => c.agent === agent).length;
      };
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      assert(await clients() === 1, `one CometD client (${await clients()})`);
      await page.reload();
      await connected(page);
      await until(async () => (await clients()) === 1, { what: 'the reloaded page to leave one CometD client', timeout: 5000 });
      await page.close();
      // Without /meta/disconnect the server would keep the client until its connect timeout.
      await until(async () => (await clients()) === 0, { what: 'the closed page to disconnect', timeout: 5000 });
    },
  },
  {
    name: '14 widgets removed from the page are released: mount points, elements and GwsDialer.mount',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await page.waitForFunction(() => window.GwsDialer && window.GwsDialer.instances.length === 1);
      const count = () => page.evaluate(() => window.GwsDialer.instances.length);
      await page.evaluate(() => {
        const point = document.createElement('div');
        point.id = 'point';
        point.setAttribute('data-gws-dialer', '{}');
        document.body.append(point);
        const el = document.createElement('gws-dialer');
        el.id = 'element';
        document.body.append(el);
        window.__manual = window.GwsDialer.mount(document.body.appendChild(document.createElement('div')), {});
      });
      await until(async () => (await count()) === 4, { what: 'four widgets mounted' });
      await page.evaluate(() => { document.getElementById('point').remove(); document.getElementById('element').remove(); });
      await until(async () => (await count()) === 2, { what: 'the removed widgets released' });
      await page.evaluate(() => window.__manual.destroy());
      assert(await count() === 1, `GwsDialer.mount's handle released on destroy (${await count()})`);
      // The one left still works.
      await signIn(page);
      await connected(page);
    },
  },
  {
    name: '15 dark theme: follows prefers-color-scheme, theme="light" overrides it, theme="dark" overrides a light system; AA contrast',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await signIn(page);
      await connected(page);
      await expectColours(page, { bg: DARK_BG, fg: DARK_FG, scheme: 'dark' }, 'the system\'s dark mode is followed');
      await page.locator(`a[href="${DANA}"]`).click();
      await expectState(page, 'Connected');
      await expectAaContrast(page, 'system dark, a connected call');
      await screenshot(page, '15a-dark-theme-from-prefers-color-scheme');

      // theme="light" (the demo's switch sets it) wins over the dark system.
      await page.getByRole('radio', { name: 'Light', exact: true }).check();
      assert(await page.locator('gws-dialer').getAttribute('theme') === 'light', 'the Light switch sets theme="light"');
      await expectColours(page, { bg: LIGHT_BG, scheme: 'light' }, 'theme="light" overrides the dark system');
      await expectAaContrast(page, 'theme="light" on a dark system');

      // theme="dark" wins over a light system.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('radio', { name: 'Dark', exact: true }).check();
      assert(await page.locator('gws-dialer').getAttribute('theme') === 'dark', 'the Dark switch sets theme="dark"');
      await expectColours(page, { bg: DARK_BG, fg: DARK_FG, scheme: 'dark' }, 'theme="dark" overrides the light system');
      const hangup = await control(page, 'Hang up').evaluate((b) => getComputedStyle(b).backgroundColor);
      assert(hangup === 'rgb(255, 123, 114)', `the dark theme's danger colour on Hang up (${hangup})`);
      await expectAaContrast(page, 'theme="dark" on a light system');

      // No theme attribute and a light system: the light theme.
      await page.getByRole('radio', { name: 'System', exact: true }).check();
      assert(await page.locator('gws-dialer').getAttribute('theme') === null, 'the System switch removes the attribute');
      await expectColours(page, { bg: LIGHT_BG, scheme: 'light' }, 'the light system is followed again');
      await page.getByRole('radio', { name: 'Dark', exact: true }).check();
      await expectColours(page, { bg: DARK_BG }, 'dark again for the screenshot');
    },
  },
  {
    name: '16 bar layout in a 56 px CRM header: one row, at most 56 px high, the page never shifts as calls come and go',
    async run(t) {
      const hostPort = await freePort();
      const sim = await t.simulator(['--allow-origin', `http://127.0.0.1:${hostPort}`]);
      const host = await serveBarPage(hostPort, sim.base);
      try {
        const page = await openPage(t, `http://127.0.0.1:${hostPort}/`);
        await page.getByLabel('User name').first().waitFor({ timeout: 15000 });
        // Watch every frame: the widget's height, the header's, and where the page's content is.
        await page.evaluate(() => {
          const under = document.getElementById('under');
          const header = document.querySelector('header');
          const widget = document.querySelector('gws-dialer');
          const top0 = under.getBoundingClientRect().top;
          window.__bar = { top0, shift: 0, maxWidget: 0, maxHeader: 0, frames: 0 };
          const frame = () => {
            const b = window.__bar;
            b.shift = Math.max(b.shift, Math.abs(under.getBoundingClientRect().top - top0));
            b.maxWidget = Math.max(b.maxWidget, widget.getBoundingClientRect().height,
              widget.shadowRoot.querySelector('section.gws')?.getBoundingClientRect().height ?? 0);
            b.maxHeader = Math.max(b.maxHeader, header.getBoundingClientRect().height);
            b.frames += 1;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        });
        const bar = () => page.evaluate(() => ({ ...window.__bar }));
        const check = async (when) => {
          await sleep(300); // a few frames
          const b = await bar();
          assert(b.maxWidget > 0 && b.maxWidget <= 56, `${when}: the widget is at most 56 px high (${b.maxWidget})`);
          assert(b.maxHeader <= 56, `${when}: the header stays 56 px (${b.maxHeader})`);
          assert(b.shift === 0, `${when}: the content under the header did not move (${b.shift} px)`);
        };
        await check('signed out');
        await signIn(page);
        await connected(page);
        await check('signed in');

        // A call out: its row shows state, party and controls on the bar's one row.
        await page.locator(`a[href="${DANA}"]`).click();
        await expectState(page, 'Connected');
        const boxes = await page.evaluate(() => {
          const root = document.querySelector('gws-dialer').shadowRoot;
          const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, h: r.height }; };
          const section = root.querySelector('section.gws');
          return {
            section: box(section),
            parts: ['[data-testid=agent-state]', 'form.dial input', '[data-testid=call-state]', 'button[aria-label="Hang up"]']
              .map((sel) => ({ sel, ...box(root.querySelector(sel)) })),
          };
        });
        for (const p of boxes.parts) {
          assert(p.h > 0 && p.top >= boxes.section.top && p.bottom <= boxes.section.bottom,
            `${p.sel} is shown inside the bar (${JSON.stringify(p)} in ${JSON.stringify(boxes.section)})`);
        }
        assert(await control(page, 'Hang up').isVisible(), 'Hang up is visible in the bar');
        await check('one call connected');

        // A second call rings in, the keypad opens over the page, the More menu opens.
        await sim.admin(`/agents/${AGENT.user}/inbound-call`, { ani: '5557001', userData: { Segment: 'Gold' } });
        await until(async () => (await page.locator('li[data-call-id]').count()) === 2, { what: 'the inbound call row' });
        assert(await control(page, 'Answer').isVisible(), 'Answer is reachable in the bar');
        await check('two calls');
        // Mute, Keypad and call data are behind the connected call's More button.
        assert(!(await control(page, 'Keypad').isVisible()), 'Keypad is not on the bar itself');
        await page.getByRole('button', { name: /^More controls for the call with \+?12015550123/ }).click();
        await control(page, 'Keypad').click();
        await page.getByRole('button', { name: 'Tone 5' }).first().waitFor();
        await check('the call\'s More menu and the keypad open');
        await screenshot(page, '16a-bar-layout-two-calls-more-menu-and-keypad-open');
        await control(page, 'Keypad').click();
        await until(async () => !(await page.getByRole('button', { name: 'Tone 5' }).first().isVisible()),
          { what: 'the keypad to close' });
        await page.keyboard.press('Escape');
        await until(async () => !(await control(page, 'Keypad').isVisible()), { what: 'the call\'s More menu to close' });
        await page.getByRole('button', { name: 'More', exact: true }).click();
        const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
        await signOut.waitFor({ state: 'visible', timeout: 5000 });
        await check('More menu open');
        await page.keyboard.press('Escape');
        await until(async () => !(await signOut.isVisible()), { what: 'the More menu to close' });

        // Both calls go: the far ends hang up, the rows linger, then leave.
        for (const call of await agentCalls(sim)) {
          if (call.state !== 'Released') await sim.admin(`/calls/${call.id}/far-end-hangup`, {});
        }
        await until(async () => (await page.locator('li[data-call-id]').count()) === 0,
          { what: 'the ended calls to go', timeout: 20000 });
        await check('calls gone');
        const b = await bar();
        assert(b.frames > 20, `frames were watched (${b.frames})`);
      } finally {
        host.close();
      }
    },
  },
  {
    name: '17 demo: the first contacts answer, colleagues say how to be them, theme and layout switches, a 320 px panel',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      const rows = page.locator('#contacts').getByRole('row');
      const phone = (row) => row.getByRole('cell').nth(2).locator('a, [data-gws-dial]').first();

      // A newcomer's first click: the first contact answers. The panel has room reserved for
      // that call: the widget keeps its height, nothing under it moves.
      const widgetHeight = () => page.evaluate(() => document.querySelector('gws-dialer').getBoundingClientRect().height);
      // Idle means fully signed in: the server's agent states (a request of their own, which a
      // loaded machine may answer after CometD is up) are in the status menu (19 checks that
      // their coming moves nothing).
      await until(statesArrived(page), { what: 'the server\'s agent states in the status menu', timeout: 15000 });
      await page.getByRole('button', { name: 'Ready', exact: true }).first().waitFor({ timeout: 15000 });
      const idle = await widgetHeight();
      const first = rows.first();
      const who = (await first.getByRole('cell').first().textContent()).trim();
      await phone(first).click();
      await expectState(page, 'Dialing');
      const dialing = await widgetHeight();
      await expectState(page, 'Connected', 15000).catch((e) => { throw new Error(`${e.message}: first contact ${who}`); });
      assert(await dialCount(sim) === 1, 'one Dial');
      const talking = await widgetHeight();
      assert(Math.abs(dialing - idle) < 0.5 && Math.abs(talking - idle) < 0.5,
        `the panel keeps its height for the first call (idle ${idle}, dialing ${dialing}, connected ${talking})`);
      await screenshot(page, '17a-demo-first-contact-connected');
      await control(page, 'Hang up').click();
      await expectState(page, 'Ended');
      await until(async () => (await page.locator('li[data-call-id]').count()) === 0, { what: 'the call to go', timeout: 15000 });

      // The second contact answers too.
      await phone(rows.nth(1)).click();
      await expectState(page, 'Connected', 15000);
      await control(page, 'Hang up').click();
      await expectState(page, 'Ended');

      // Every colleague row names the agent to sign in as, and that agent has the row's DN.
      const agents = (await sim.admin('/state')).agents;
      let colleagues = 0;
      for (let i = 0; i < await rows.count(); i += 1) {
        const row = rows.nth(i);
        if (!/colleague/.test(await row.textContent())) continue;
        colleagues += 1;
        const number = (await phone(row).textContent()).trim();
        const notes = (await row.getByRole('cell').nth(3).textContent()).replace(/\s+/g, ' ');
        const m = notes.match(/sign in as (\S+) \/ (\S+) in a second browser/);
        assert(m, `colleague ${number} says how to be them (${notes})`);
        const agent = agents.find((a) => a.username === m[1]);
        assert(agent && agent.dn === number && agent.password === m[2],
          `colleague ${number}: ${m[1]} / ${m[2]} is that agent (${JSON.stringify(agent && { dn: agent.dn })})`);
      }
      assert(colleagues >= 2, `the colleague rows were checked (${colleagues})`);

      // The side panel is 320 px wide and the widget fits it: no sideways overflow.
      const fit = await page.evaluate(() => {
        const w = document.querySelector('gws-dialer');
        const section = w.shadowRoot.querySelector('section.gws').getBoundingClientRect();
        const overflowing = [...w.shadowRoot.querySelectorAll('section.gws *')]
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 1 && e.checkVisibility() && (r.left < section.left - 0.5 || r.right > section.right + 0.5);
          })
          .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}>${section.right}`);
        return { width: w.getBoundingClientRect().width, overflowing };
      });
      assert(fit.width > 300 && fit.width <= 320, `the widget fills the 320 px panel (${fit.width})`);
      assert(fit.overflowing.length === 0, `nothing overflows sideways: ${fit.overflowing}`);

      // The switches only set the widget's attributes.
      await page.getByRole('radio', { name: 'Dark', exact: true }).check();
      assert(await page.locator('gws-dialer').getAttribute('theme') === 'dark', 'the Dark switch sets theme="dark"');
      await expectColours(page, { bg: DARK_BG }, 'the Dark switch shows the dark theme');
      await page.getByRole('radio', { name: 'Header bar', exact: true }).check();
      assert(await page.locator('gws-dialer').getAttribute('layout') === 'bar', 'the Header bar switch sets layout="bar"');
      const height = await page.locator('gws-dialer').evaluate((w) => w.getBoundingClientRect().height);
      assert(height <= 56, `the bar is at most 56 px high (${height})`);
      await screenshot(page, '17b-demo-dark-header-bar');
      await page.getByRole('radio', { name: 'Side panel', exact: true }).check();
      assert(await page.locator('gws-dialer').getAttribute('layout') === null, 'the Side panel switch removes layout');
      await page.getByRole('radio', { name: 'Light', exact: true }).check();
      await expectColours(page, { bg: LIGHT_BG }, 'the Light switch shows the light theme');
    },
  },
  {
    name: '18 the agent\'s language: German in the dark theme with no English left, AA contrast, codes kept, switched at run time',
    async run(t) {
      const sim = await t.simulator();
      const english = await languageTour(t, sim, 'en');
      const german = await languageTour(t, sim, 'de');
      const page = german.page;
      assert(await page.evaluate(() => document.querySelector('gws-dialer').shadowRoot.querySelector('section.gws').lang) === 'de',
        'the widget says it speaks German (lang="de")');
      // Everything the agent can see or hear in German, compared with the same tour in English:
      // only data (numbers, names, the server's own words) may be the same.
      const data = new Set(german.data);
      const left = [...german.texts].filter((s) => english.texts.has(s) && /\p{L}{2}/u.test(s) && !data.has(s));
      assert(german.texts.size >= 40, `enough German texts were compared (${german.texts.size})`);
      assert(left.length === 0, `no English is left in German: ${JSON.stringify(left)}`);
      // The JS API: the same stable code, the message in the agent's language.
      assert(english.api.code === 'invalid-number' && german.api.code === 'invalid-number',
        `dial('abc') rejects with invalid-number in both (${english.api.code}, ${german.api.code})`);
      assert(german.api.message !== english.api.message && /keine Telefonnummer/.test(german.api.message),
        `the rejection's message is German (${german.api.message})`);
      // Intl: plurals and numbers of the agent's language (a number too short: "1 Ziffer").
      await page.getByLabel('Anzurufende Nummer', { exact: true }).fill('5');
      await page.getByLabel('Anzurufende Nummer', { exact: true }).press('Enter');
      await until(async () => /\(1 Ziffer; mindestens 3 nötig\)/.test(await bannerText(page).catch(() => '')),
        { what: 'the German singular "1 Ziffer"', timeout: 5000 });
      // Durations for screen readers are words of the language (Intl.DurationFormat).
      const since = await page.locator('span[aria-label^="seit "]').first().getAttribute('aria-label');
      assert(/^seit \d+ (Sekunden?|Minuten?)/.test(since), `the agent's time in this state, in German words (${since})`);
      await expectColours(page, { bg: DARK_BG, fg: DARK_FG, scheme: 'dark' }, 'the dark theme');
      await expectAaContrast(page, 'German, dark theme, recent calls and a message');
      await screenshot(page, '18a-german-dark');

      // The page's language switch sets lang on the widget; it speaks French at once, then the
      // page's language again when the attribute goes.
      await page.getByRole('radio', { name: 'Français', exact: true }).check();
      await page.getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor({ state: 'attached', timeout: 5000 });
      await screenshot(page, '18b-french-dark');
      await page.getByRole('radio', { name: "Page's", exact: true }).check();
      await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor({ state: 'attached', timeout: 5000 });
    },
  },
  {
    name: '18b the language of the section around the widget: a German section of an English page speaks German',
    async run(t) {
      const sim = await t.simulator();
      const page = await t.newPage();
      // An English CRM page (html lang="en", an English browser) with a German section: a widget
      // outside it, one inside it, one inside it with its own lang, and a mount point inside it.
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>English CRM</title>
<script type="module" src="/gws-dialer.js"></script></head>
<body><main id="main"><p>An English page. <a href="${DANA}">Dana</a></p>
<gws-dialer id="en-widget" shared-connection="off"></gws-dialer>
<section lang="de"><h2>Kundenakte</h2>
  <div><gws-dialer id="de-widget" shared-connection="off"></gws-dialer></div>
  <gws-dialer id="fr-widget" lang="fr" shared-connection="off"></gws-dialer>
  <div id="mount-point"></div>
</section></main></body></html>`;
      await page.route(`${sim.base}/section.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto(`${sim.base}/section.html`);
      assert(await page.evaluate(() => navigator.languages[0].startsWith('en')), 'the browser prefers English');
      /** The language a widget says it speaks, once its sign-in form is there, and the form's button. */
      const spoken = (selector) => until(() => page.evaluate((sel) => {
        const section = document.querySelector(sel)?.shadowRoot?.querySelector('section.gws');
        const button = section?.querySelector('form.login button[type=submit]');
        return button ? `${section.lang}: ${button.textContent.trim()}` : null;
      }, selector), { what: `the sign-in form of ${selector}`, timeout: 15000 });
      assert(await spoken('#de-widget') === 'de: Anmelden', `the widget in the German section speaks German (${await spoken('#de-widget')})`);
      assert(await spoken('#en-widget') === 'en: Sign in', `the widget outside it speaks the page's English (${await spoken('#en-widget')})`);
      assert(await spoken('#fr-widget') === 'fr: Se connecter', `the widget's own lang comes first (${await spoken('#fr-widget')})`);
      await page.evaluate(() => { window.__mounted = GwsDialer.mount(document.getElementById('mount-point'), { sharedConnection: false }); });
      assert(await spoken('#mount-point') === 'de: Anmelden', `GwsDialer.mount in the German section speaks German (${await spoken('#mount-point')})`);
      // At run time: the widget's own lang, then, when it goes, the section's again.
      await page.evaluate(() => document.getElementById('de-widget').setAttribute('lang', 'es'));
      await until(async () => (await spoken('#de-widget')) === 'es: Iniciar sesión', { what: 'Spanish from the lang attribute', timeout: 5000 });
      await page.evaluate(() => document.getElementById('de-widget').removeAttribute('lang'));
      await until(async () => (await spoken('#de-widget')) === 'de: Anmelden', { what: 'German again from the section', timeout: 5000 });
      assert(await page.evaluate(() => document.getElementById('de-widget').setLanguage(null)) === 'de',
        'setLanguage(null) goes back to the section\'s language');
      assert(await page.evaluate(() => document.getElementById('en-widget').setLanguage(null)) === 'en',
        'setLanguage(null) outside the section: the page\'s');
      await screenshot(page, '18c-german-section-of-an-english-page');
    },
  },
  {
    name: '11 keyboard only: tab to a number, Enter dials, controls are reachable and named',
    async run(t) {
      const sim = await t.simulator();
      const page = await openPage(t, `${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      let reached = false;
      for (let i = 0; i < 60 && !reached; i += 1) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.getAttribute('data-gws-dial') === '5550199');
      }
      assert(reached, 'Tab reaches the marked number 555-0199');
      await page.keyboard.press('Enter');
      await expectState(page, 'Dialing');
      const deepFocus = () => page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : '';
      });
      let name = '';
      for (let i = 0; i < 80 && name !== 'Hang up'; i += 1) {
        await page.keyboard.press('Tab');
        name = await deepFocus();
      }
      assert(name === 'Hang up', `Tab reaches the "Hang up" button (last focus: "${name}")`);
      await page.keyboard.press('Enter');
      await expectState(page, 'Ended');
    },
  },
  {
    name: '19 the server\'s agent states arriving after sign-in move nothing: same height, Sign out in place, every layout and theme',
    async run(t) {
      const sim = await t.simulator();
      const page = await t.newPage();
      await page.addInitScript(RECORD_EVENTS);
      // GET /api/v2/settings/agent-states is held until the widget has been measured without
      // its answer (a loaded server, or one far away, answers it after sign-in).
      let hold = null;
      await page.route('**/api/v2/settings/agent-states*', async (route) => {
        const h = hold;
        if (h) {
          h.seen += 1;
          await h.released;
        }
        await route.continue();
      });
      const looks = [
        { layout: 'panel', theme: 'light' }, { layout: 'panel', theme: 'dark' },
        { layout: 'bar', theme: 'light' }, { layout: 'bar', theme: 'dark' },
      ];
      for (const [i, { layout, theme }] of looks.entries()) {
        const what = `${layout}, ${theme}`;
        let release;
        hold = { seen: 0, released: new Promise((r) => { release = r; }) };
        await page.goto(`${sim.base}/crm.html?layout=${layout}&theme=${theme}`);
        if (i === 0) await signIn(page); // later pages find the session
        await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
        await connected(page);
        // Signed in, the state buttons there; only the agent states are missing.
        await page.getByRole('button', { name: 'Not Ready', exact: true, includeHidden: true }).first()
          .waitFor({ state: 'attached', timeout: 15000 });
        await until(async () => hold.seen > 0, { what: `${what}: the agent-states request, held` });
        assert(!(await statesArrived(page)()), `${what}: the states are not in the widget yet`);
        if (layout === 'bar') {
          // The bar keeps its 56 px; what could move is its More menu, open under the pointer.
          await page.getByRole('button', { name: 'More', exact: true }).click();
          await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor({ state: 'visible', timeout: 5000 });
        }
        await sleep(300); // a few frames
        const before = await agentGeometry(page);
        release();
        await until(statesArrived(page), { what: `${what}: the server's agent states in the status menu`, timeout: 15000 });
        await sleep(300);
        const after = await agentGeometry(page);
        const same = (a, b) => a && b && ['x', 'y', 'w', 'h'].every((k) => Math.abs(a[k] - b[k]) <= 1);
        const show = (k) => `before ${JSON.stringify(before[k])}, after ${JSON.stringify(after[k])}`;
        assert(before.widget.h > 0 && Math.abs(after.widget.h - before.widget.h) <= 1, `${what}: the widget keeps its height (${show('widget')})`);
        assert(Math.abs(after.panel.h - before.panel.h) <= 1, `${what}: the panel keeps its height (${show('panel')})`);
        assert(same(before.signOut, after.signOut), `${what}: Sign out stays where it was (${show('signOut')})`);
        if (layout === 'bar') {
          assert(Math.abs(after.actions.h - before.actions.h) <= 1, `${what}: the open More menu keeps its height (${show('actions')})`);
          await screenshot(page, `19-${layout}-${theme}-more-menu-states-arrived`);
          await page.keyboard.press('Escape');
        } else {
          await screenshot(page, `19-${layout}-${theme}-states-arrived`);
        }
      }
      assert(t.pageErrors().length === 0, `no page errors: ${t.pageErrors()}`);
    },
  },
  {
    name: '19b no agent states from the server: the status list says so; a state change on its way keeps Ready / Not Ready, disabled and busy',
    async run(t) {
      const sim = await t.simulator();
      const page = await t.newPage();
      // The server's agent states fail; the agent-state change is held on its way.
      await page.route('**/api/v2/settings/agent-states*', (route) => route.fulfill({
        status: 500, contentType: 'application/json', body: '{"statusCode":1,"statusMessage":"down"}',
      }));
      let held = 0;
      let release = null;
      await page.route('**/api/v2/me/channels/voice', async (route) => {
        held += 1;
        await new Promise((r) => { release = r; });
        await route.continue();
      });
      await page.goto(`${sim.base}/crm.html`);
      await signIn(page);
      await connected(page);
      const agent = () => page.evaluate(() => {
        const root = document.querySelector('gws-dialer').shadowRoot;
        const menu = root.querySelector('select[aria-label="Change status"]');
        return {
          menuDisabled: !!menu && menu.disabled,
          options: menu ? [...menu.options].map((o) => ({ text: o.textContent.trim(), disabled: o.disabled })) : [],
          toggles: [...root.querySelectorAll('.agent-toggles button')].map((b) => ({
            text: b.textContent.trim(), disabled: b.disabled, busy: b.getAttribute('aria-busy'),
          })),
          h: root.querySelector('.agent-toggles').getBoundingClientRect().height,
        };
      });
      await until(async () => (await agent()).options[0]?.text === 'No statuses available',
        { what: 'the status list says no statuses are available', timeout: 15000 });
      const before = await agent();
      assert(before.menuDisabled && before.options.length === 1 && before.options[0].disabled,
        `one disabled option in a disabled list (${JSON.stringify(before)})`);
      assert(before.toggles.some((b) => b.text === 'Not Ready' && !b.disabled && b.busy === null),
        `Not Ready offered (${JSON.stringify(before.toggles)})`);
      await screenshot(page, '19b-no-statuses-available');

      await page.getByRole('button', { name: 'Not Ready', exact: true }).first().click();
      await until(async () => held > 0 && release !== null, { what: 'the agent-state change, held' });
      await until(async () => (await agent()).toggles.every((b) => b.busy === 'true'),
        { what: 'the buttons marked busy' });
      const during = await agent();
      assert(JSON.stringify(during.toggles.map((b) => b.text)) === JSON.stringify(before.toggles.map((b) => b.text))
        && during.toggles.every((b) => b.disabled), `the same buttons, with their words, disabled (${JSON.stringify(during.toggles)})`);
      assert(Math.abs(during.h - before.h) <= 1, `their line keeps its height (${before.h} -> ${during.h})`);
      await screenshot(page, '19b-state-change-on-its-way');

      release();
      await until(async () => (await page.getByTestId('agent-state').first().textContent()).includes('Not Ready'),
        { what: 'the agent is Not Ready', timeout: 15000 });
      await until(async () => (await agent()).toggles.every((b) => !b.disabled && b.busy === null),
        { what: 'the buttons enabled again, not busy' });
      assert(t.pageErrors().length === 0, `no page errors: ${t.pageErrors()}`);
    },
  },
];

// ---------------------------------------------------------------- shared flows

async function signInExpectingError(page) {
  await page.getByLabel('User name').first().fill(AGENT.user);
  await page.getByLabel('Password').first().fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  const alert = page.getByRole('alert').first();
  await alert.waitFor({ timeout: 10000 });
  const text = (await alert.textContent()).trim();
  assert(text.length > 10 && !/statusCode/.test(text), `a plain-words sign-in error (${text})`);
  assert(await page.getByLabel('Password').first().isVisible(), 'the login form stays');
}

async function fullCallFlow(page, sim) {
  await page.locator(`a[href="${DANA}"]`).click();
  await expectState(page, 'Dialing');
  await expectState(page, 'Connected');
  assert(await dialCount(sim) === 1, 'exactly one Dial reached the simulator');
  await control(page, 'Hold').click();
  await expectState(page, 'On hold');
  await control(page, 'Retrieve').click();
  await expectState(page, 'Connected');
  await control(page, 'Keypad').click();
  await page.getByRole('button', { name: 'Tone 5' }).first().click();
  await until(async () => (await operationCount(sim, 'SendDtmf')) === 1, { what: 'SendDtmf' });
  const dtmf = (await sim.admin('/counters')).lastBodies.SendDtmf;
  assert(dtmf.digits === '5', `DTMF digit 5 (${JSON.stringify(dtmf)})`);
  await control(page, 'Hang up').click();
  await expectState(page, 'Ended');
  const calls = await agentCalls(sim);
  assert(calls.every((c) => c.state === 'Released'), 'the server agrees the call ended');
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/** A CRM page on another origin that embeds the widget from the simulator, twice. */
/** A CRM page of another origin with a strict Content-Security-Policy: no inline script or style
 * anywhere, scripts only from itself and the widget's origin, wasm allowed, connections only to
 * GWS. This is the policy www/embed.html tells integrators to use. */
function serveStrictCspPage(port, simBase) {
  const ws = simBase.replace(/^http/, 'ws');
  const csp = `default-src 'none'; script-src 'self' ${simBase} 'wasm-unsafe-eval'; style-src 'self'; ` +
    `connect-src ${simBase} ${ws}; img-src 'self'`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Strict CRM</title>
<script type="module" src="${simBase}/gws-dialer.js"></script></head>
<body><main id="main"><a href="${DANA}">Dana</a></main>
<gws-dialer base-url="${simBase}"></gws-dialer></body></html>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end(html);
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

/** A CRM page of another origin with a 56 px header bar holding the widget in layout="bar",
 * and content under the header whose position must never change. */
function serveBarPage(port, simBase) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>CRM with a header bar</title>
<style>
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; }
  header { display: flex; align-items: center; gap: 16px; padding: 0 12px; min-height: 56px; background: #24292f; color: #fff; }
  header strong { white-space: nowrap; }
  header gws-dialer { flex: 1 1 auto; min-width: 0; }
  main { padding: 16px; }
</style>
<script type="module" src="${simBase}/gws-dialer.js"></script></head>
<body><header><strong>Acme CRM</strong><gws-dialer base-url="${simBase}" layout="bar" scope="#main"></gws-dialer></header>
<main id="main"><p id="under">Content right under the header: it must not move.</p>
<p><a href="${DANA}">Dana</a></p></main></body></html>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

function serveHostPage(port, simBase) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Other CRM</title>
<script type="module" src="${simBase}/gws-dialer.js"></script></head>
<body><main id="main"><a href="${DANA}">Dana</a></main>
<gws-dialer base-url="${simBase}"></gws-dialer>
<gws-dialer base-url="${simBase}" heading="Second phone"></gws-dialer></body></html>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

/** Whether the server's agent states are in the widget's status menu (enabled, with choices). */
function statesArrived(page) {
  return () => page.evaluate(() => {
    const menu = document.querySelector('gws-dialer').shadowRoot.querySelector('select[aria-label="Change status"]');
    return !!menu && !menu.disabled && menu.options.length > 1;
  });
}

/** Where the signed-in widget's parts are: the widget, its panel, Sign out and the agent's actions
 * (in the bar, the More menu they open in). */
function agentGeometry(page) {
  return page.evaluate(() => {
    const host = document.querySelector('gws-dialer');
    const root = host.shadowRoot;
    const box = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    };
    const signOut = [...root.querySelectorAll('.agent-actions button')].find((b) => b.textContent.trim() === 'Sign out');
    return {
      widget: box(host), panel: box(root.querySelector('section.gws')),
      actions: box(root.querySelector('.agent-actions')), signOut: box(signOut),
    };
  });
}

const ok = await runScenarios(scenarios, { only: process.argv[2] });
process.exit(ok ? 0 : 1);
