// The booking widget in a real headless Chromium against a real gateway: the demo page at /widget/,
// booking with the mouse, two browsers racing for one slot, and booking with the keyboard only at
// 320 px. Screenshots of every step go to test-results/widget/.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { systemClock } from '../../src/domain/clock';
import { seedDemo } from '../../src/seed/demo-seed';
import { localDays } from '../../widget/src/time';
import { CATALOGS } from '../../widget/src/i18n';
import { ok, startTestGateway, type TestGateway } from '../support/test-gateway';

// The callbacks passed to page.evaluate / waitForFunction run in the browser. The root tsconfig has
// no DOM lib (and a `/// <reference lib="dom" />` here would add it to the whole program), so the
// few browser globals they use are declared for this module only.
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): { backgroundColor: string };
type HTMLElement = { dataset: Record<string, string | undefined>; tagName: string };

/** Debian's chromium package; CHROMIUM_PATH points elsewhere (e.g. to check the skip). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results/widget');
const WAIT_MS = 10_000; // every wait below is bounded by this

const suite = HAS_CHROMIUM ? describe : describe.skip;
// Not silent: the skip is printed as well as named in the suite title.
if (!HAS_CHROMIUM) console.warn(`Widget browser tests skipped: ${CHROMIUM} is missing (install it with apt-get install chromium).`);
const title = HAS_CHROMIUM
  ? 'booking widget in headless Chromium'
  : `booking widget in headless Chromium: SKIPPED because ${CHROMIUM} is missing (install it with apt-get install chromium)`;

suite(title, () => {
  let gw: TestGateway;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  /** Day keys (YYYY-MM-DD, Europe/Zurich): tomorrow and the three days after, one per scenario. */
  let days: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const build = spawnSync(process.execPath, [path.join(ROOT, 'widget/build.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    if (build.status !== 0) throw new Error(`widget build failed:\n${build.stdout}${build.stderr}`);
    gw = await startTestGateway({ clock: systemClock });
    await seedDemo(gw.gateway.services.inventory, systemClock.nowSec());
    base = `http://127.0.0.1:${gw.gateway.port}`;
    days = localDays(systemClock.nowSec(), 'Europe/Zurich', 5).slice(1).map((d) => d.key);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 20_000,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 45_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await gw?.stop();
  }, 20_000);

  /** A fresh browser profile (own localStorage, so its own user id) that may only load 127.0.0.1. */
  async function newPage(width: number, height = 900, locale = 'en-GB', heading = 'Book at Demo Salon & Studio'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId: 'America/New_York' });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    (page as any).problems = problems;
    await page.goto(`${base}/widget/`);
    await page.getByRole('heading', { name: heading }).waitFor();
    return page;
  }

  const AXE = require.resolve('axe-core/axe.min.js');
  /**
   * axe-core on the whole page, the widget's open shadow root included (axe walks open shadow trees):
   * no serious or critical violation on this screen.
   */
  async function noSeriousA11yViolations(page: Page, screen: string) {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
    const violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> = await page.evaluate(async () =>
      // label-content-name-mismatch (WCAG 2.5.3: the accessible name starts with the visible label) is experimental in axe: on.
      (await (window as any).axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })).violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n: any) => ({ target: n.target })) })),
    );
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect({ screen, serious }).toEqual({ screen, serious: [] });
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const status = (page: Page) => page.locator('booking-widget [role="status"]');
  const slotButtons = (page: Page) => page.locator('booking-widget button[data-slot]');

  /** Waits until the list shows (not "Loading…") and returns the slot keys in order. */
  async function slotKeys(page: Page): Promise<string[]> {
    await page.waitForFunction(
      () => {
        const root = document.querySelector('booking-widget')!.shadowRoot!;
        return root.querySelector('button[data-slot]') && !root.querySelector('[aria-busy="true"]');
      },
      null,
      { timeout: WAIT_MS },
    );
    return slotButtons(page).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-slot')!));
  }

  /** The key of the focused control inside the widget's shadow root. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.querySelector('booking-widget')!.shadowRoot!.activeElement as HTMLElement | null;
      return el ? el.dataset.key ?? el.tagName : null;
    });

  /**
   * An element's computed background once the widget has finished rendering: while the shadow root is
   * being re-rendered (a slot list arriving right after a click), the style of the new nodes reads ''.
   */
  async function backgroundOf(locator: ReturnType<Page['locator']>): Promise<string> {
    const until = Date.now() + WAIT_MS;
    for (;;) {
      const color = await locator.evaluate((el) => getComputedStyle(el).backgroundColor);
      if (color !== '' || Date.now() > until) return color;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function noHorizontalScroll(page: Page) {
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
  }

  /** Chooses a day in the calendar, going to the next month first when the day lies in it. */
  async function chooseDay(page: Page, key: string) {
    for (let i = 0; i < 2 && (await page.locator(`booking-widget [data-day="${key}"]`).count()) === 0; i++) {
      await page.locator('booking-widget [data-key="next-month"]').click();
      await page.locator('booking-widget [data-day]').first().waitFor();
    }
    await page.locator(`booking-widget [data-day="${key}"]`).click();
  }

  /** Picks one staff member in the staff picker (the list then shows only their times). */
  async function chooseStaff(page: Page, staffId: string) {
    await page.locator('booking-widget #bw-staff').selectOption(staffId);
    await page.waitForFunction(
      (id) => [...document.querySelector('booking-widget')!.shadowRoot!.querySelectorAll('button[data-slot]')].every((b: any) => b.dataset.slot.split('|')[3] === id),
      staffId,
      { timeout: WAIT_MS },
    );
  }

  /** countAvailable of a slot by its widget key (service|start|duration|staff|room), as the gateway sees it now. */
  const freeSpots = async (key: string) => {
    const [serviceId, startSec, durationSec, staffId] = key.split('|');
    const slot = { merchantId: 'demo-salon', serviceId, startSec: Number(startSec), durationSec: Number(durationSec), resources: { staffId } };
    return ok(await gw.gql<{ checkAvailability: { countAvailable: number } }>(`query($s: SlotInput!) { checkAvailability(slot: $s) { countAvailable } }`, { s: slot })).checkAvailability.countAvailable;
  };

  const bookingStatus = async (bookingId: string) =>
    ok(await gw.gql<{ booking: { status: string } }>(`query($id: ID!) { booking(bookingId: $id) { status } }`, { id: bookingId })).booking.status;

  it('books a slot with the mouse, shows it confirmed and gone from the list, and cancels it', async () => {
    const page = await newPage(1024);
    await noHorizontalScroll(page);
    await expect(page.locator('booking-widget .tz').textContent()).resolves.toBe('All times are in Europe/Zurich time. (your time: America/New_York)');
    await shot(page, '1-01-loaded');
    await noSeriousA11yViolations(page, 'loaded');

    // Themable through custom properties; the page's own CSS does not reach into the widget.
    await page.addStyleTag({ content: 'booking-widget { --bw-accent: rgb(123, 31, 162); } button { background: rgb(255, 0, 0) !important; }' });

    await page.getByRole('button', { name: /Haircut/ }).click();
    // Days with openings are marked (from one availableSlots call), and the first of them is preselected.
    await page.locator('booking-widget [data-day][data-open]').first().waitFor();
    const marks = await page.locator('booking-widget [data-day]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-open')));
    expect(marks.filter((m) => m === 'true').length).toBeGreaterThanOrEqual(1);
    const firstOpen = marks.indexOf('true');
    expect(await page.locator('booking-widget td[aria-selected="true"] [data-day]').getAttribute('data-day')).toBe(await page.locator('booking-widget [data-day]').nth(firstOpen).getAttribute('data-day'));
    await chooseDay(page, days[0]);
    const pressed = page.locator(`booking-widget [data-day="${days[0]}"]`);
    expect(await page.locator('booking-widget td[aria-selected="true"] [data-day]').getAttribute('data-day')).toBe(days[0]);
    expect(await backgroundOf(pressed)).toBe('rgb(123, 31, 162)');
    expect(await backgroundOf(page.locator('booking-widget [aria-pressed="false"]').first())).toBe('rgb(255, 255, 255)');
    const keys = await slotKeys(page);
    // Tomorrow: 09:00–17:00 every 30 min with Alex and Sam; "any staff" shows each time once.
    expect(keys).toHaveLength(16);
    await expect(slotButtons(page).first().textContent()).resolves.toBe('09:00, 30 minutes');
    expect(await page.locator('booking-widget #bw-staff option').allTextContents()).toEqual(['Any staff', 'Alex', 'Sam']);
    await shot(page, '1-02-slots');
    await noSeriousA11yViolations(page, 'slots');

    const key = keys[0];
    // Choosing a time holds nothing yet (other visitors still see it); Continue holds it.
    await page.locator(`booking-widget [data-slot="${key}"]`).click();
    await page.locator('booking-widget [data-key="continue"]').waitFor();
    expect(await page.locator(`booking-widget [data-slot="${key}"]`).getAttribute('aria-pressed')).toBe('true');
    expect(await freeSpots(key)).toBe(1);
    await shot(page, '1-03a-chosen');
    await noSeriousA11yViolations(page, 'time chosen');
    await page.locator('booking-widget [data-key="continue"]').click();
    await page.getByRole('heading', { name: '4. Your details' }).waitFor();
    expect(await freeSpots(key)).toBe(0);
    expect(await page.locator('booking-widget [data-countdown]').textContent()).toMatch(/^(10:00|9:5\d)$/);
    expect(await focused(page)).toBe('field-givenName'); // focus moves to the form
    await expect(status(page).textContent()).resolves.toMatch(/is held for you for 10 minutes/);
    await shot(page, '1-03-held');
    await noSeriousA11yViolations(page, 'details form');

    // Client-side validation, inline at the field.
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('E-mail').fill('ada@example');
    await page.getByLabel('Phone').fill('12');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.locator('booking-widget #bw-e-email').waitFor();
    expect(await page.locator('booking-widget #bw-e-email').textContent()).toBe('Enter an e-mail address like name@example.com.');
    expect(await page.locator('booking-widget #bw-e-telephone').textContent()).toMatch(/6–20 digits/);
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('E-mail').getAttribute('aria-describedby')).toBe('bw-e-email');
    expect(await focused(page)).toBe('field-email');
    await shot(page, '1-04-field-errors');
    await noSeriousA11yViolations(page, 'field errors');

    await page.getByLabel('E-mail').fill('ada@example.com');
    expect(await page.locator('booking-widget #bw-e-email').count()).toBe(0); // cleared while typing
    await page.getByLabel('Phone').fill('+41 44 668 18 00');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByRole('heading', { name: 'You are booked' }).waitFor();
    const bookingId = (await page.locator('booking-widget [data-reference]').textContent())!;
    expect(bookingId).toMatch(/^[0-9a-f-]{36}$/);
    // A short reference to read out, and a calendar file made in the browser.
    expect(await page.locator('booking-widget [data-human-reference]').textContent()).toBe(`${bookingId.replace(/-/g, '').slice(0, 4)}-${bookingId.replace(/-/g, '').slice(4, 8)}`.toUpperCase());
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Add to calendar' }).click();
    const ics = await (await download).createReadStream().then(async (stream) => {
      let text = '';
      for await (const chunk of stream) text += chunk;
      return text;
    });
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain(`UID:${bookingId}@booking-gateway`);
    expect(await page.locator('booking-widget [data-status]').textContent()).toBe('Confirmed');
    expect(await page.locator('booking-widget [data-price]').textContent()).toMatch(/^ · CHF\s45\.00$/);
    expect(await page.locator('booking-widget [data-policy]').textContent()).toMatch(/^Free cancellation until /);
    expect(await bookingStatus(bookingId)).toBe('CONFIRMED');
    await shot(page, '1-05-booked');
    await noSeriousA11yViolations(page, 'booked');

    await page.getByRole('button', { name: 'Book another time' }).click();
    const after = await slotKeys(page);
    expect(after).toHaveLength(16); // 09:00 is still offered: with Sam now
    expect(after).not.toContain(key);
    await page.getByRole('heading', { name: 'Your bookings' }).waitFor();
    await shot(page, '1-06-gone-from-list');

    await page.locator(`booking-widget [data-booking="${bookingId}"]`).getByRole('button', { name: 'Cancel booking' }).click();
    // Asked first: nothing is cancelled until "Yes, cancel".
    await page.getByRole('button', { name: 'Keep booking' }).waitFor();
    await shot(page, '1-06a-confirm-cancel');
    await noSeriousA11yViolations(page, 'confirm cancel');
    expect(await bookingStatus(bookingId)).toBe('CONFIRMED');
    await page.getByRole('button', { name: 'Yes, cancel' }).click();
    await page.waitForFunction(() => /is cancelled/.test(document.querySelector('booking-widget')!.shadowRoot!.querySelector('[role="status"]')!.textContent!), null, {
      timeout: WAIT_MS,
    });
    expect(await bookingStatus(bookingId)).toBe('CANCELED');
    await page.waitForFunction((k) => !!document.querySelector('booking-widget')!.shadowRoot!.querySelector(`[data-slot="${k}"]`), key, { timeout: WAIT_MS });
    expect(await slotKeys(page)).toHaveLength(16);
    await shot(page, '1-07-cancelled');
    expect((page as any).problems).toEqual([]);
  }, 40_000);

  it('server unreachable: a human message and a way forward once it is back', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 }, locale: 'en-GB' });
    contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    let down = true;
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== '127.0.0.1' || (down && url.pathname === '/graphql')) return route.abort('connectionrefused');
      return route.continue();
    });
    const page = await context.newPage();
    await page.goto(`${base}/widget/`);
    // The widget retries twice (after 1 s and 3 s) before it gives up.
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await status(page).textContent()).toBe("We can't reach the booking service right now. Check your connection, then try again.");
    await shot(page, '2-00-unreachable');
    down = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: /Haircut/ }).waitFor();
  }, 30_000);

  it('two browsers race for one single-spot slot: the loser hears it was just taken and sees a refreshed list', async () => {
    const [a, b] = await Promise.all([newPage(800, 1000), newPage(800, 1000)]);
    for (const page of [a, b]) {
      await page.getByRole('button', { name: /Haircut/ }).click();
      await chooseDay(page, days[1]);
      await chooseStaff(page, 'alex');
    }
    const [keysA, keysB] = await Promise.all([slotKeys(a), slotKeys(b)]);
    expect(keysB).toEqual(keysA);
    const key = keysA[3];
    await shot(a, '2-01-before-race');

    await Promise.all([a.locator(`booking-widget [data-slot="${key}"]`).click(), b.locator(`booking-widget [data-slot="${key}"]`).click()]);
    await Promise.all([a.locator('booking-widget [data-key="continue"]').click(), b.locator('booking-widget [data-key="continue"]').click()]);
    const outcome = (page: Page) =>
      page
        .waitForFunction(
          () => {
            const root = document.querySelector('booking-widget')!.shadowRoot!;
            if (root.querySelector('[data-key="field-givenName"]')) return 'held';
            return /just taken/.test(root.querySelector('[role="status"]')!.textContent!) ? 'taken' : false;
          },
          null,
          { timeout: WAIT_MS },
        )
        .then((handle) => handle.jsonValue());
    const outcomes = await Promise.all([outcome(a), outcome(b)]);
    expect([...outcomes].sort()).toEqual(['held', 'taken']);
    const [winner, loser] = outcomes[0] === 'held' ? [a, b] : [b, a];

    expect(await status(loser).textContent()).toMatch(/^Sorry, \d\d:\d\d with (Alex|Sam) on .+ was just taken by someone else\. The list is refreshed/);
    const refreshed = await slotKeys(loser);
    expect(refreshed).not.toContain(key);
    expect(refreshed).toHaveLength(keysA.length - 1);
    expect(await focused(loser)).toBe('slots-heading');
    await shot(winner, '2-02-winner-holds');
    await shot(loser, '2-03-loser-just-taken');

    // With "any staff", two visitors who want the same time both get it: the second one gets Sam.
    for (const page of [a, b]) await page.goto(`${base}/widget/`);
    for (const page of [a, b]) {
      await page.getByRole('button', { name: /Haircut/ }).click();
      await chooseDay(page, days[1]);
    }
    const [anyA] = await Promise.all([slotKeys(a), slotKeys(b)]);
    const time = anyA[6];
    await Promise.all([a, b].map((page) => page.locator(`booking-widget [data-slot="${time}"]`).click()));
    await Promise.all([a, b].map((page) => page.locator('booking-widget [data-key="continue"]').click()));
    expect(await Promise.all([outcome(a), outcome(b)])).toEqual(['held', 'held']);
    const heldBy = await Promise.all([a, b].map((page) => page.locator('booking-widget .summary').textContent()));
    expect(heldBy.map((t) => / with (\w+)$/.exec(t!)?.[1]).sort()).toEqual(['Alex', 'Sam']);
    await shot(a, '2-04-any-staff-both-held');
  }, 40_000);

  it("drops a time another visitor books from the list on screen, without a reload (slotAvailabilityChanged)", async () => {
    const page = await newPage(800, 1000);
    await page.getByRole('button', { name: /Haircut/ }).click();
    await chooseDay(page, days[3]);
    await chooseStaff(page, 'alex');
    const before = await slotKeys(page);
    expect(before.length).toBeGreaterThan(3);
    const key = before[before.length - 1];
    const [serviceId, startSec, durationSec, staffId] = key.split('|');
    await page.waitForTimeout(300); // the widget's socket is subscribed
    const made = ok(
      await gw.gql(`mutation($i: CreateBookingInput!) { createBooking(input: $i) { booking { bookingId } } }`, {
        i: {
          slot: { merchantId: 'demo-salon', serviceId, startSec: Number(startSec), durationSec: Number(durationSec), resources: { staffId } },
          userInformation: { userId: 'other-visitor', givenName: 'Grace', familyName: 'Hopper', telephone: '+1 212 555 0100', email: 'grace@example.com' },
          idempotencyToken: `live-${key}`,
        },
      }),
    ).createBooking.booking;
    expect(made.bookingId).toEqual(expect.any(String));
    // Nobody touches the page: the list is read again when the change arrives.
    await page.waitForFunction((gone) => !document.querySelector('booking-widget')!.shadowRoot!.querySelector(`button[data-slot="${gone}"]`), key, { timeout: WAIT_MS });
    const after = await slotKeys(page);
    expect(after).toEqual(before.filter((k) => k !== key));
    expect((page as any).problems).toEqual([]);
    await shot(page, '4-01-live-refresh');
  }, 40_000);

  it('a hold given back (back, or the page closed) reappears in another visitor\'s list within a second', async () => {
    const [a, b] = await Promise.all([newPage(800, 1000), newPage(800, 1000)]);
    for (const page of [a, b]) {
      await page.getByRole('button', { name: /Haircut/ }).click();
      await chooseDay(page, days[2]);
      await chooseStaff(page, 'sam');
    }
    const keys = await slotKeys(b);
    await Promise.all([slotKeys(a), b.waitForTimeout(300)]); // both lists shown, b's socket subscribed
    const shown = (page: Page, key: string) =>
      page.evaluate((k) => !!document.querySelector('booking-widget')!.shadowRoot!.querySelector(`button[data-slot="${k}"]`), key);
    const until = (page: Page, key: string, present: boolean) =>
      page.waitForFunction(([k, p]) => !!document.querySelector('booking-widget')!.shadowRoot!.querySelector(`button[data-slot="${k}"]`) === p, [key, present] as const, { timeout: WAIT_MS });

    for (const [i, giveBack] of [[7, 'back'], [9, 'close']] as const) {
      const key = keys[i];
      await a.locator(`booking-widget [data-slot="${key}"]`).click();
      await a.locator('booking-widget [data-key="continue"]').click();
      await a.getByRole('heading', { name: '4. Your details' }).waitFor();
      await until(b, key, false).catch((e) => { throw new Error(`${giveBack}: b still lists the held time: ${e}`); }); // b's list drops the held time
      const started = Date.now();
      if (giveBack === 'back') {
        await a.getByRole('button', { name: 'Pick another time' }).click();
      }
      else await a.close({ runBeforeUnload: true });
      await until(b, key, true).catch(async (e) => {
        throw new Error(`${giveBack}: b never lists the given-back time again (free spots now ${await freeSpots(key)}; a's status ${giveBack === 'back' ? await status(a).textContent() : '-'}): ${e}`);
      });
      const ms = Date.now() - started;
      expect({ giveBack, withinASecond: ms < 1000, ms }).toEqual({ giveBack, withinASecond: true, ms });
      expect(await shown(b, key)).toBe(true);
      expect(await freeSpots(key)).toBe(1);
    }
    await shot(b, '5-01-released-hold-back-in-list');
  }, 40_000);

  it('embeds from another origin with the README snippet, themed, and books', async () => {
    // A second origin (another port) serving only the two-line snippet; the gateway is the first.
    const { createServer } = await import('node:http');
    const snippet = `<!doctype html><html lang="en"><head><title>Another site</title>
      <style>booking-widget { --bw-accent: rgb(0, 110, 80); }</style></head><body><h1>Another site</h1>
      <script type="module" src="${base}/widget/booking-widget.js"></script>
      <booking-widget merchant-id="demo-salon" endpoint="${base}/graphql"></booking-widget></body></html>`;
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(snippet));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
      const context = await browser.newContext({ viewport: { width: 900, height: 1000 }, locale: 'en-GB' });
      contexts.push(context);
      context.setDefaultTimeout(WAIT_MS);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
      await page.goto(`${origin}/`);
      await page.getByRole('heading', { name: 'Book at Demo Salon & Studio' }).waitFor();
      await page.getByRole('button', { name: /Haircut/ }).click();
      await chooseDay(page, days[1]);
      const keys = await slotKeys(page);
      expect(await backgroundOf(page.locator(`booking-widget [data-day="${days[1]}"]`))).toBe('rgb(0, 110, 80)');
      await page.locator(`booking-widget [data-slot="${keys[keys.length - 1]}"]`).click();
      await page.locator('booking-widget [data-key="continue"]').click();
      await page.getByLabel('First name').fill('Katherine');
      await page.getByLabel('Last name').fill('Johnson');
      await page.getByLabel('E-mail').fill('katherine@example.com');
      await page.getByLabel('Phone').fill('+1 757 555 0100');
      await page.getByRole('button', { name: 'Book', exact: true }).click();
      await page.getByRole('heading', { name: 'You are booked' }).waitFor();
      const bookingId = (await page.locator('booking-widget [data-reference]').textContent())!;
      expect(await bookingStatus(bookingId)).toBe('CONFIRMED');
      await shot(page, '6-01-cross-origin-booked');
      expect(problems).toEqual([]);
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  }, 40_000);

  it('speaks German, Arabic and Hebrew (right to left, values isolated), with lang and dir on the widget', async () => {
    for (const [locale, lang, dir] of [['de-CH', 'de', 'ltr'], ['ar-EG', 'ar', 'rtl'], ['he-IL', 'he', 'rtl']] as const) {
      const t = CATALOGS[lang];
      const page = await newPage(800, 1000, locale, t.bookAt({ merchant: 'Demo Salon & Studio' }));
      const card = page.locator('booking-widget .card');
      expect([await card.getAttribute('lang'), await card.getAttribute('dir')]).toEqual([lang, dir]);
      await page.locator('booking-widget [data-action="service"][data-arg="haircut"]').click();
      await chooseDay(page, days[0]);
      const keys = await slotKeys(page);
      await page.getByRole('heading', { name: t.step({ n: 3, title: t.chooseTime }) }).waitFor();
      await noHorizontalScroll(page);
      await shot(page, `7-${lang}-01-slots`);
      await noSeriousA11yViolations(page, `${lang} slots`);
      // Right to left: the first time sits to the right of the second in the same row.
      const [first, second] = await Promise.all([0, 1].map((i) => page.locator(`booking-widget [data-slot="${keys[i]}"]`).boundingBox()));
      expect(dir === 'rtl' ? first!.x > second!.x : first!.x < second!.x).toBe(true);
      await page.locator(`booking-widget [data-slot="${keys[0]}"]`).click();
      await page.locator('booking-widget [data-key="continue"]').click();
      await page.getByRole('heading', { name: t.step({ n: 4, title: t.yourDetails }) }).waitFor();
      expect(await page.getByLabel(t.givenNameLabel).count()).toBe(1);
      await page.getByRole('button', { name: t.book, exact: true }).click();
      await page.locator('booking-widget #bw-e-email').waitFor();
      expect(await page.locator('booking-widget #bw-e-email').textContent()).toBe(t.errEmailEmpty);
      await shot(page, `7-${lang}-02-details`);
      await noSeriousA11yViolations(page, `${lang} details`);
      await page.getByRole('button', { name: t.pickAnother }).click();
      await page.getByRole('heading', { name: t.step({ n: 3, title: t.chooseTime }) }).waitFor();
      expect((page as any).problems).toEqual([]);
    }
  }, 60_000);

  it('books with the keyboard only (Tab, Enter, Space) at 320 px', async () => {
    const page = await newPage(320, 720);
    await noHorizontalScroll(page);
    await shot(page, '3-01-loaded-320px');

    /** Presses Tab until the focused control matches `selector` (at most 150 presses). */
    async function tabTo(selector: string) {
      for (let i = 0; i < 150; i++) {
        await page.keyboard.press('Tab');
        const hit = await page.evaluate((sel) => !!document.querySelector('booking-widget')!.shadowRoot!.activeElement?.matches(sel), selector);
        if (hit) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    }

    await tabTo('[data-action="service"][data-arg="haircut"]');
    await page.keyboard.press('Enter');
    // The calendar is one tab stop; arrow keys move through its days (into the next month too).
    await tabTo('[data-day][tabindex="0"]');
    const focusedDay = () => page.evaluate(() => document.querySelector('booking-widget')!.shadowRoot!.activeElement?.getAttribute('data-day') ?? null);
    const start = (await focusedDay())!;
    // PageDown / PageUp: a month on, the same day of the month (or the month's last), and back.
    await page.keyboard.press('PageDown');
    await page.waitForFunction((s) => { const k = document.querySelector('booking-widget')!.shadowRoot!.activeElement?.getAttribute('data-day'); return !!k && k.slice(0, 7) !== s.slice(0, 7); }, start, { timeout: WAIT_MS });
    const later = (await focusedDay())!;
    expect(Number(later.slice(8))).toBe(Math.min(Number(start.slice(8)), new Date(Date.UTC(Number(later.slice(0, 4)), Number(later.slice(5, 7)), 0)).getUTCDate()));
    await page.keyboard.press('PageUp');
    await page.waitForFunction((s) => document.querySelector('booking-widget')!.shadowRoot!.activeElement?.getAttribute('data-day')?.slice(0, 7) === s.slice(0, 7), start, { timeout: WAIT_MS });
    const from = (await focusedDay())!;
    const steps = Math.round((Date.parse(days[2]) - Date.parse(from)) / 86_400_000);
    for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForFunction((k) => document.querySelector('booking-widget')!.shadowRoot!.activeElement?.getAttribute('data-day') === k, days[2], { timeout: WAIT_MS });
    await page.keyboard.press('Space');
    const keys = await slotKeys(page);
    await noHorizontalScroll(page);
    await shot(page, '3-02-slots-320px');

    // One Tab into the times, then arrow keys to the sixth.
    await tabTo(`[data-slot="${keys[0]}"]`);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe(`slot-${keys[5]}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('booking-widget')!.shadowRoot!.activeElement?.getAttribute('data-key') === 'continue', null, { timeout: WAIT_MS });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '4. Your details' }).waitFor();
    expect(await focused(page)).toBe('field-givenName');
    await page.keyboard.type('Grace');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('field-familyName');
    await page.keyboard.type('Hopper');
    await page.keyboard.press('Tab');
    await page.keyboard.type('grace@example.com');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('field-telephone');
    await page.keyboard.type('+1 (202) 555-0100');
    await noHorizontalScroll(page);
    await shot(page, '3-03-details-320px');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('submit');
    await page.keyboard.press('Space');

    await page.getByRole('heading', { name: 'You are booked' }).waitFor();
    expect(await focused(page)).toBe('confirmation-heading');
    const bookingId = (await page.locator('booking-widget [data-reference]').textContent())!;
    expect(await bookingStatus(bookingId)).toBe('CONFIRMED');
    await noHorizontalScroll(page);
    await shot(page, '3-04-booked-320px');
    await noSeriousA11yViolations(page, 'booked at 320 px');

    await tabTo('[data-action="cancel"]');
    await page.keyboard.press('Enter');
    // The question takes focus on its safe answer; the destructive one is one Shift+Tab away.
    await page.waitForFunction(() => /^cancel-no-/.test(document.querySelector('booking-widget')!.shadowRoot!.activeElement?.getAttribute('data-key') ?? ''), null, { timeout: WAIT_MS });
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatch(/^cancel-yes-/);
    await page.keyboard.press('Enter');
    await page.locator('booking-widget [data-status="CANCELED"]').waitFor();
    expect(await bookingStatus(bookingId)).toBe('CANCELED');
    await shot(page, '3-05-cancelled-320px');
    expect((page as any).problems).toEqual([]);
  }, 40_000);
});
