// Everything an agent does with a call (issue 11), end to end in Chromium against the simulator,
// every element found by role and name: consult transfer completed and cancelled, single-step
// transfer, a three-party conference and removing a party, Not Ready with a reason and After
// Call Work, a disposition for an ended call, redial from recent calls, a number with an
// extension (its tones after the call is connected), recent calls through a reload and gone after
// sign-out, a page number clicked during a call offered and transferred to.
//   node e2e/calls.mjs [name-filter]
import { runScenarios, until, assert } from './harness.mjs';

const AGENT = { user: 'agent1', password: 'password' };
const DANA = 'tel:+1-201-555-0123'; // answers after the scripted delay
const KIM = '+1 415 555 0134'; // answers too: the transfer / conference target

const RECORD_EVENTS = () => {
  window.__gwsEvents = [];
  for (const name of ['gws-dialer:call', 'gws-dialer:wrapup', 'gws-dialer:agent', 'gws-dialer:error']) {
    document.addEventListener(name, (e) => window.__gwsEvents.push({ name, detail: e.detail }));
  }
};

/** A page of crm.html signed in as the agent; `before` runs in the page before anything else. */
async function signedInPage(t, sim, before = null) {
  const page = await t.newPage();
  if (before) await page.addInitScript(before);
  await page.addInitScript(RECORD_EVENTS);
  await page.goto(`${sim.base}/crm.html`);
  await page.getByLabel('User name').first().fill(AGENT.user);
  await page.getByLabel('Password').first().fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
  return page;
}

const button = (page, name) => page.getByRole('button', { name, exact: true }).first();
const row = (page, i) => page.locator('li[data-call-id]').nth(i);
const rowState = async (page, i) => (await row(page, i).getByTestId('call-state').textContent())?.trim();

async function expectRows(page, states, what) {
  await until(async () => {
    const n = await page.locator('li[data-call-id]').count();
    if (n !== states.length) return false;
    for (let i = 0; i < n; i += 1) if (await rowState(page, i) !== states[i]) return false;
    return true;
  }, { what: `${what}: rows ${states.join(', ')}`, timeout: 15000 }).catch(async (e) => {
    const n = await page.locator('li[data-call-id]').count();
    const shown = [];
    for (let i = 0; i < n; i += 1) shown.push(await rowState(page, i));
    throw new Error(`${e.message} (shown: ${shown.join(', ')})`);
  });
}

async function serverCalls(sim) {
  const s = await sim.admin('/state');
  return s.agents.find((a) => a.username === AGENT.user).calls;
}

async function ops(sim, name) {
  const c = await sim.admin('/counters');
  return c.operations?.[name] ?? 0;
}

/** Dial Dana from the page and wait until connected. */
async function callDana(page) {
  await page.locator(`a[href="${DANA}"]`).first().click();
  await expectRows(page, ['Connected'], 'the call to Dana');
}

/** Open the transfer or conference panel of the first call and pass it to Kim. */
async function passToKim(page, pass, how) {
  await page.getByRole('button', { name: new RegExp(`^${pass} the call with `) }).first().click();
  const field = pass === 'Transfer' ? 'Transfer to' : 'Add to the call';
  await page.getByRole('textbox', { name: new RegExp(`^${field} \\(call with `) }).first().fill(KIM);
  await button(page, how).click();
}

/** Add a link to the CRM page (inside the widget's scope). */
async function addLink(page, href, text) {
  await page.evaluate(([h, t]) => {
    const a = document.createElement('a');
    a.href = h;
    a.textContent = t;
    document.querySelector('#crm-main').prepend(a);
  }, [href, text]);
}

const scenarios = [
  {
    name: 'calls 1: consult transfer: the call is held, the consultation connects, Complete transfer hands the caller over',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      await callDana(page);
      await passToKim(page, 'Transfer', 'Consult, then transfer');
      await expectRows(page, ['On hold', 'Connected'], 'original held, consultation connected');
      const consult = row(page, 1);
      assert((await consult.textContent()).includes('Consultation for the call with'), 'the consultation says what it is for');
      assert(await consult.getByRole('button', { name: 'Hang up', exact: true }).count() === 0,
        'a consultation is cancelled, not just hung up');
      await consult.getByRole('button', { name: 'Complete transfer', exact: true }).click();
      await expectRows(page, ['Ended', 'Ended'], 'both calls leave the agent');
      await until(async () => (await serverCalls(sim)).length === 0, { what: 'no call left for the agent on the server' });
      assert(await ops(sim, 'InitiateTransfer') === 1 && await ops(sim, 'CompleteTransfer') === 1,
        'one InitiateTransfer and one CompleteTransfer');
    },
  },
  {
    name: 'calls 2: a consultation cancelled: it is hung up and the original call is retrieved',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      await callDana(page);
      await passToKim(page, 'Transfer', 'Consult, then transfer');
      await expectRows(page, ['On hold', 'Connected'], 'consulting');
      await row(page, 1).getByRole('button', { name: 'Cancel consultation', exact: true }).click();
      // The consultation ends and leaves the list; the original is talking again.
      await until(async () => {
        const states = [];
        const n = await page.locator('li[data-call-id]').count();
        for (let i = 0; i < n; i += 1) states.push(await rowState(page, i));
        return states.includes('Connected') && !states.includes('On hold');
      }, { what: 'the original call retrieved', timeout: 15000 });
      const live = (await serverCalls(sim)).filter((c) => c.state !== 'Released');
      assert(live.length === 1 && live[0].state === 'Established', `one call, talking, on the server: ${JSON.stringify(live.map((c) => c.state))}`);
      assert(await ops(sim, 'Retrieve') === 1, 'the widget retrieved the original once');
    },
  },
  {
    name: 'calls 3: single-step transfer: the call is passed at once and leaves the agent',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      await callDana(page);
      await passToKim(page, 'Transfer', 'Transfer now');
      await expectRows(page, ['Ended'], 'the transferred call');
      assert(await ops(sim, 'SingleStepTransfer') === 1, 'one SingleStepTransfer');
    },
  },
  {
    name: 'calls 4: a three-party conference lists its parties and one can be removed',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      await callDana(page);
      await passToKim(page, 'Conference', 'Consult, then add');
      await expectRows(page, ['On hold', 'Connected'], 'consulting for a conference');
      await row(page, 1).getByRole('button', { name: 'Complete conference', exact: true }).click();
      const parties = page.getByRole('list', { name: 'Parties on the call' }).first();
      await until(async () => (await parties.getByRole('listitem').count()) >= 2, { what: 'the conference parties listed' });
      const before = await parties.getByRole('listitem').count();
      const remove = parties.getByRole('button', { name: /^Remove .* from the call$/ }).last();
      await remove.click();
      await until(async () => (await parties.count()) === 0 || (await parties.getByRole('listitem').count()) < before,
        { what: 'one party fewer' });
      assert(await ops(sim, 'RemoveParticipantFromConference') === 1, 'one RemoveParticipantFromConference');
    },
  },
  {
    name: 'calls 5: Not Ready with a reason, then After Call Work, chosen from the server\'s states and shown',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      const state = page.getByTestId('agent-state').first();
      const change = page.getByRole('combobox', { name: 'Change status' }).first();
      await change.selectOption({ label: 'Out to Lunch' });
      await until(async () => (await state.textContent()).trim() === 'Out to Lunch',
        { what: 'the state with its reason' }).catch(async (e) => { throw new Error(`${e.message} (shown: ${await state.textContent()})`); });
      // The server names it "AfterCallWork", a standard state: the widget says it in the agent's
      // language.
      await change.selectOption({ label: 'After Call Work' });
      await until(async () => (await state.textContent()).trim() === 'After Call Work', { what: 'After Call Work shown' })
        .catch(async (e) => { throw new Error(`${e.message} (shown: ${await state.textContent()})`); });
      const s = await sim.admin('/state');
      const us = s.agents.find((a) => a.username === AGENT.user).device.userState;
      assert(us.workMode === 'AfterCallWork', `the server has the agent in After Call Work: ${JSON.stringify(us)}`);
    },
  },
  {
    name: 'calls 6: an ended call waits for its disposition, which reaches the server as user data; redial from recent calls',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      await callDana(page);
      await button(page, 'Hang up').click();
      const recent = page.getByRole('region', { name: 'Recent calls' });
      const disposition = recent.getByRole('combobox', { name: /^Disposition for the call with / }).first();
      await disposition.waitFor({ timeout: 10000 });
      await disposition.selectOption({ label: 'Sale' });
      await until(async () => {
        const s = await sim.admin('/state');
        const released = s.agents.find((a) => a.username === AGENT.user).releasedCalls;
        return released.some((c) => c.userData?.DispositionCode === 'Sale');
      }, { what: 'DispositionCode=Sale on the released call on the server' });
      await until(async () => (await recent.getByTestId('disposition').first().textContent()).includes('Sale'),
        { what: 'the disposition shown in recent calls' });
      const wrapups = await page.evaluate(() => window.__gwsEvents.filter((e) => e.name === 'gws-dialer:wrapup').map((e) => e.detail));
      assert(wrapups.length === 1 && wrapups[0].code === 'Sale', `one gws-dialer:wrapup event: ${JSON.stringify(wrapups)}`);
      // Redial: one more Dial, connected again.
      const dials = await ops(sim, 'Dial');
      await recent.getByRole('button', { name: /^Call .* again$/ }).first().click();
      await until(async () => (await ops(sim, 'Dial')) === dials + 1, { what: 'one Dial for the redial' });
      await until(async () => {
        const n = await page.locator('li[data-call-id]').count();
        for (let i = 0; i < n; i += 1) if (await rowState(page, i) === 'Connected') return true;
        return false;
      }, { what: 'the redialled call connected', timeout: 15000 });
    },
  },
  {
    name: 'calls 7: a number with an extension dials the number, then sends the extension as tones after Established and the delay',
    async run(t) {
      const sim = await t.simulator();
      // The page sets extension-delay-ms on the element before the loader reads it.
      const page = await signedInPage(t, sim, () => {
        new MutationObserver((_, obs) => {
          const el = document.querySelector('gws-dialer');
          if (el) { el.setAttribute('extension-delay-ms', '2000'); obs.disconnect(); }
        }).observe(document, { childList: true, subtree: true });
      });
      await addLink(page, 'tel:+1-201-555-0123;ext=22', 'Dana, extension 22');
      await page.getByRole('link', { name: 'Dana, extension 22' }).click();
      await expectRows(page, ['Connected'], 'the call to Dana');
      const connectedAt = Date.now();
      const dial = (await sim.admin('/counters')).lastBodies.Dial;
      assert(dial.destination.phoneNumber === '+12015550123', `the Dial is for the main number only: ${JSON.stringify(dial)}`);
      assert(await ops(sim, 'SendDtmf') === 0, 'no tones before the call is connected');
      await new Promise((r) => setTimeout(r, 1000));
      assert(await ops(sim, 'SendDtmf') === 0, 'no tones before the configured 2 s delay');
      await until(async () => (await ops(sim, 'SendDtmf')) === 1, { what: 'SendDtmf after the delay', timeout: 10000 });
      assert(Date.now() - connectedAt >= 1500, `the tones waited for the delay (${Date.now() - connectedAt} ms)`);
      const dtmf = (await sim.admin('/counters')).lastBodies.SendDtmf;
      assert(dtmf.digits === '22', `DTMF digits 22 (${JSON.stringify(dtmf)})`);
      const events = await page.evaluate(() => window.__gwsEvents.filter((e) => e.name === 'gws-dialer:call' && e.detail.call));
      assert(events.length > 0 && events.every((e) => e.detail.call.extension === '22' && e.detail.call.otherParty === '+12015550123'),
        `gws-dialer:call carries the number and the extension: ${JSON.stringify(events.map((e) => e.detail.call))}`);
      await new Promise((r) => setTimeout(r, 2500));
      assert(await ops(sim, 'SendDtmf') === 1, 'the extension is sent once');
      await button(page, 'Hang up').click();
      await expectRows(page, ['Ended'], 'the call hung up');
      // dial() resolves with both parts, and its tones follow too.
      const call = await page.evaluate(() => document.querySelector('gws-dialer').dial('+1 201 555 0123 x9'));
      assert(call.otherParty === '+12015550123' && call.extension === '9', `dial() resolves with the number and the extension: ${JSON.stringify(call)}`);
      await until(async () => (await ops(sim, 'SendDtmf')) === 2, { what: 'the second extension sent', timeout: 15000 });
      assert((await sim.admin('/counters')).lastBodies.SendDtmf.digits === '9', 'DTMF digit 9');
    },
  },
  {
    name: 'calls 8: recent calls survive a reload of the page and are gone after sign-out',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      await callDana(page);
      await button(page, 'Hang up').click();
      const again = () => page.getByRole('region', { name: 'Recent calls' }).getByRole('button', { name: /^Call .*2015550123 again$/ });
      await until(async () => (await again().count()) === 1, { what: 'the call in recent calls' });
      const stored = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('gws-dialer:recent:'))
        .map((k) => sessionStorage.getItem(k)).join(''));
      assert(stored.includes('2015550123') && !stored.includes(AGENT.password), `kept in sessionStorage, without credentials: ${stored}`);
      await page.reload();
      await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
      await until(async () => (await again().count()) === 1, { what: 'the recent call shown again after the reload', timeout: 15000 });
      await button(page, 'Sign out').click();
      await page.getByLabel('Password').first().waitFor({ timeout: 10000 });
      const left = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('gws-dialer:recent:')));
      assert(left.length === 0, `sessionStorage cleared on sign-out: ${JSON.stringify(left)}`);
      await page.getByLabel('User name').first().fill(AGENT.user);
      await page.getByLabel('Password').first().fill(AGENT.password);
      await page.getByRole('button', { name: 'Sign in' }).first().click();
      await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
      await page.reload();
      await page.getByTestId('agent-state').first().waitFor({ timeout: 15000 });
      await new Promise((r) => setTimeout(r, 500));
      assert(await page.getByRole('region', { name: 'Recent calls' }).count() === 0, 'no recent calls after signing out and in again');
    },
  },
  {
    name: 'calls 9: a page number clicked during a call is offered (Call, Transfer, Add, Cancel), and Transfer passes the call to it',
    async run(t) {
      const sim = await t.simulator();
      const page = await signedInPage(t, sim);
      await callDana(page);
      const kim = page.locator('[data-gws-dial="+1 415 555 0134"]').first();
      const offer = page.getByRole('group', { name: /clicked during the call with / });
      await kim.click();
      await offer.waitFor({ timeout: 10000 });
      for (const name of [/^Transfer to \+?1?4155550134$/, /^Add \+?1?4155550134 to the call$/, /^Call \+?1?4155550134$/, /^Cancel$/]) {
        assert(await offer.getByRole('button', { name }).count() === 1, `the offer has ${name}`);
      }
      assert(await ops(sim, 'Dial') === 1, 'the click did not dial');
      await offer.getByRole('button', { name: 'Cancel' }).click();
      await until(async () => (await offer.count()) === 0, { what: 'the offer gone after Cancel' });
      await kim.click();
      await offer.getByRole('button', { name: /^Transfer to / }).click();
      await expectRows(page, ['Ended'], 'the transferred call');
      assert(await ops(sim, 'SingleStepTransfer') === 1, 'one SingleStepTransfer');
      const body = (await sim.admin('/counters')).lastBodies.SingleStepTransfer;
      assert(body.destination.phoneNumber === '+14155550134', `transferred to Kim: ${JSON.stringify(body)}`);
      assert(await ops(sim, 'Dial') === 1, 'no other request: still one Dial');
      assert(await offer.count() === 0, 'no offer left');
    },
  },
];

const only = process.argv[2];
const ok = await runScenarios(scenarios, { only });
process.exit(ok ? 0 : 1);
