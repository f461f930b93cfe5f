/// <reference lib="dom" />
// <booking-widget merchant-id="..." api-key="..." endpoint="https://GATEWAY/graphql" locale="de-CH">
// The DOM side: renders the machine's state into an open shadow root and turns clicks, keys and
// typing into machine actions. All flow logic lives in machine.ts.
import { humanReference, icsFor } from './ics';
import { watchAvailability } from './live';
import { BookingMachine, slotKey, type BookingView, type WidgetState } from './machine';
import type { BookingStatus, Slot } from './operations';
import { STYLES } from './styles';
import { MONTHS_AHEAD, addDays, firstDayOfWeek, formatCountdown, formatDay, formatDayLong, formatDayShort, formatMonth, formatTime, localDays, weekdayOf } from './time';
import type { FetchLike } from './transport';
import { formatDuration, type Catalog } from './i18n';
import { en } from './i18n/messages';
import { CONTACT_FIELDS, fieldLabels, type ContactField } from './validate';

type Child = Node | string | number | null | undefined | false | Child[];

/** Builds an element: attributes (null/false left out, true as ""), then children. Text is never parsed as HTML. */
function h(tag: string, attrs?: Record<string, string | number | boolean | null | undefined> | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  const append = (child: Child) => {
    if (Array.isArray(child)) child.forEach(append);
    else if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  };
  children.forEach(append);
  return el;
}

const FIELD_INPUT: Record<ContactField, Record<string, string>> = {
  givenName: { type: 'text', autocomplete: 'given-name' },
  familyName: { type: 'text', autocomplete: 'family-name' },
  email: { type: 'email', autocomplete: 'email', inputmode: 'email', spellcheck: 'false' },
  telephone: { type: 'tel', autocomplete: 'tel', inputmode: 'tel' },
};

function statusText(t: Catalog, status: BookingStatus): string {
  switch (status) {
    case 'CONFIRMED':
      return t.statusConfirmed;
    case 'PENDING_MERCHANT_CONFIRMATION':
      return t.statusPending;
    case 'CANCELED':
      return t.statusCanceled;
    default:
      return status;
  }
}

const USER_ID_KEY = 'booking-widget.user-id';

function newId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Very old browsers only: 122 random bits as a v4 UUID.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((n) => n.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** One id per browser, kept in localStorage (a fresh one per page when storage is blocked). */
let memoryUserId: string | undefined;
function browserUserId(): string {
  try {
    const stored = localStorage.getItem(USER_ID_KEY);
    if (stored) return stored;
    const id = `web-${newId()}`;
    localStorage.setItem(USER_ID_KEY, id);
    return id;
  } catch {
    return (memoryUserId ??= `web-${newId()}`);
  }
}

const browserTimers = {
  set: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clear: (handle: unknown) => clearTimeout(handle as number),
};

export class BookingWidget extends HTMLElement {
  static observedAttributes = ['merchant-id', 'api-key', 'endpoint', 'locale'];

  private readonly root: ShadowRoot;
  private readonly live: HTMLElement;
  private readonly view: HTMLElement;
  private readonly header: HTMLElement;
  /** Carries lang and dir: the shadow root cannot, and the host is the page's element. */
  private readonly card: HTMLElement;
  private machine: BookingMachine | null = null;
  private stopLive: (() => void) | null = null;
  private lastKey = '';
  private lastMessageSeq = 0;
  private lastFocusSeq = 0;
  private restartQueued = false;
  private icsUrl: string | null = null;
  /** The calendar day keyboard focus was moved to (the grid's one tab stop). */
  private focusedDay: string | null = null;
  // The page being hidden or closed gives a hold back (machine.pageHidden); coming back takes it again.
  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') this.machine?.pageHidden();
    else void this.machine?.pageShown();
  };
  private readonly onPageHide = () => this.machine?.pageHidden();

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLES;
    this.live = h('p', { class: 'msg', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', tabindex: -1, 'data-key': 'message' });
    this.header = h('header');
    this.view = h('div', { class: 'view' });
    this.card = h('div', { class: 'card', part: 'card' }, this.header, this.live, this.view);
    this.root.append(style, this.card);
    // The live region stays in place for the widget's lifetime (a region must exist before it changes
    // to be announced); only its text changes.
    this.root.addEventListener('click', (event) => this.onClick(event));
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.machine?.submit();
    });
    this.root.addEventListener('keydown', (event) => this.onKeyDown(event as KeyboardEvent));
    this.root.addEventListener('change', (event) => {
      const select = event.target as HTMLSelectElement;
      if (select.dataset.staffPicker !== undefined) this.machine?.selectStaff(select.value || null);
    });
    this.root.addEventListener('input', (event) => {
      const input = event.target as HTMLInputElement;
      const field = input.dataset.field as ContactField | undefined;
      if (field) this.machine?.setField(field, input.value);
    });
  }

  connectedCallback(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('pagehide', this.onPageHide);
    if (!this.machine) this.restart();
  }

  disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('pagehide', this.onPageHide);
    if (this.icsUrl) URL.revokeObjectURL(this.icsUrl);
    this.icsUrl = null;
    this.stopLive?.();
    this.stopLive = null;
    this.machine?.dispose();
    this.machine = null;
  }

  attributeChangedCallback(_name: string, before: string | null, after: string | null): void {
    if (before === after || !this.machine || this.restartQueued) return;
    // Several attributes often change together: restart once.
    this.restartQueued = true;
    queueMicrotask(() => {
      this.restartQueued = false;
      if (this.isConnected) this.restart();
    });
  }

  private restart(): void {
    this.stopLive?.();
    this.stopLive = null;
    this.machine?.dispose();
    const merchantId = this.getAttribute('merchant-id') ?? '';
    const endpoint = this.getAttribute('endpoint') || new URL('/graphql', import.meta.url).href;
    const locale = this.getAttribute('locale') || navigator.language || undefined;
    this.lastKey = '';
    const machine = new BookingMachine({
      merchantId,
      endpoint: new URL(endpoint, document.baseURI).href,
      apiKey: this.getAttribute('api-key'),
      fetch: ((url, init) => fetch(url, { ...init, credentials: 'omit' })) as FetchLike,
      clock: { nowMs: () => Date.now() },
      timers: browserTimers,
      randomId: newId,
      userId: browserUserId(),
      locale,
    });
    this.machine = machine;
    this.card.setAttribute('lang', machine.lang);
    this.card.setAttribute('dir', machine.dir);
    let phase = machine.getState().phase;
    machine.subscribe((state) => {
      if (state.phase === 'booked' && phase !== 'booked' && state.booking) {
        const { bookingId, status } = state.booking;
        this.dispatchEvent(new CustomEvent('booked', { detail: { bookingId, status }, bubbles: true, composed: true }));
      }
      phase = state.phase;
      this.update(state);
    });
    this.update(machine.getState());
    if (!merchantId) {
      this.view.replaceChildren(h('p', { class: 'msg error' }, machine.t.needsMerchantId));
      return;
    }
    void machine.start();
    // Live refresh when another visitor takes (or frees) a time on the visible day; optional.
    this.stopLive = watchAvailability({
      endpoint: new URL(endpoint, document.baseURI).href,
      apiKey: this.getAttribute('api-key'),
      merchantId,
      onChange: (change) => machine.availabilityChanged(change),
    });
  }

  // ---- events -------------------------------------------------------------------------------------

  private onClick(event: Event): void {
    const machine = this.machine;
    const button = (event.target as Element).closest<HTMLElement>('[data-action]');
    if (!machine || !button) return;
    const arg = button.dataset.arg ?? '';
    const state = machine.getState();
    switch (button.dataset.action) {
      case 'service':
        return void machine.selectService(arg);
      case 'day':
        this.focusedDay = arg;
        return void machine.selectDay(arg);
      case 'month':
        return void machine.showMonth(Number(arg));
      case 'slot': {
        const slot = state.slots.find((s) => slotKey(s.slot) === arg)?.slot;
        return void (slot && machine.select(slot));
      }
      case 'continue':
        return void machine.continueWithSelected();
      case 'rehold':
        return void machine.rehold();
      case 'back':
        return machine.back();
      case 'another':
        return machine.bookAnother();
      case 'cancel':
        return machine.askCancel(arg);
      case 'cancel-yes':
        return void machine.cancel(arg);
      case 'cancel-no':
        return machine.keepBooking();
      case 'retry-start':
        return void machine.start();
      case 'retry-slots':
        return void machine.loadSlots();
    }
  }

  // ---- rendering ----------------------------------------------------------------------------------

  private update(state: WidgetState): void {
    // What the view shows, minus what changes while the user types or the clock runs.
    const { contact: _c, secondsLeft: _s, message: _m, focus: _f, fieldErrors: _e, ...shown } = state;
    const key = JSON.stringify(shown);
    const hadFocus = this.root.activeElement !== null;
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.render(state);
    }
    if (state.message?.seq !== this.lastMessageSeq) {
      this.lastMessageSeq = state.message?.seq ?? 0;
      this.live.className = `msg ${state.message?.tone ?? ''}`;
      this.live.textContent = state.message?.text ?? '';
    }
    for (const el of this.root.querySelectorAll('[data-countdown]')) el.textContent = formatCountdown(state.secondsLeft);
    this.patchFieldErrors(state);
    if (state.focus && state.focus.seq !== this.lastFocusSeq) {
      this.lastFocusSeq = state.focus.seq;
      if (hadFocus || this.root.activeElement) this.focusTarget(state.focus.target);
    }
  }

  /** Inline field errors, patched in place so typing never re-renders the form. */
  private patchFieldErrors(state: WidgetState): void {
    for (const field of CONTACT_FIELDS) {
      const input = this.root.getElementById(`bw-f-${field}`);
      if (!input) continue;
      const error = state.fieldErrors[field];
      let note = this.root.getElementById(`bw-e-${field}`);
      if (error) {
        if (!note) {
          note = h('p', { class: 'error', id: `bw-e-${field}` });
          input.after(note);
        }
        note.textContent = error;
        input.setAttribute('aria-invalid', 'true');
      } else {
        note?.remove();
        input.removeAttribute('aria-invalid');
      }
      const describedBy = [error && `bw-e-${field}`, this.root.getElementById(`bw-h-${field}`) && `bw-h-${field}`].filter(Boolean).join(' ');
      if (describedBy) input.setAttribute('aria-describedby', describedBy);
      else input.removeAttribute('aria-describedby');
    }
  }

  private focusTarget(target: string): void {
    const keys: Record<string, string[]> = {
      form: ['field-givenName'],
      slots: ['slots-heading', 'services-heading'],
      confirmation: ['confirmation-heading'],
      expired: ['expired-heading'],
      submit: ['submit'],
      message: ['message'],
    };
    const [kind, arg] = target.split(':');
    const byArg: Record<string, string[]> = {
      field: [`field-${arg}`],
      booking: [`booking-${arg}`, 'confirmation-heading'],
      'confirm-cancel': [`cancel-no-${arg}`],
      cancel: [`cancel-${arg}`],
      continue: ['continue'],
    };
    const candidates = byArg[kind] ?? keys[kind] ?? [];
    for (const key of [...candidates, 'message']) {
      const el = this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
      if (el) {
        el.focus();
        return;
      }
    }
  }

  private render(state: WidgetState): void {
    // Keep focus (and the caret) on the same control across the re-render.
    const active = this.root.activeElement as HTMLElement | null;
    const activeKey = active?.dataset.key;
    const selection = active instanceof HTMLInputElement ? [active.selectionStart, active.selectionEnd] : null;

    const merchant = state.merchant;
    const t = this.t();
    this.header.replaceChildren(...h('div', null, h('h2', null, merchant ? t.bookAt({ merchant: merchant.name }) : t.bookAppointment), merchant && this.zoneNote(merchant.timeZone)).childNodes);
    this.view.replaceChildren(...h('div', null, this.body(state)).childNodes);

    if (activeKey && active && !active.isConnected) {
      const again = this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(activeKey)}"]`);
      if (again) {
        again.focus();
        if (selection && again instanceof HTMLInputElement && selection[0] !== null) {
          try {
            again.setSelectionRange(selection[0], selection[1]);
          } catch {
            /* type=email has no selection API */
          }
        }
      } else {
        this.live.focus(); // never drop a keyboard user onto <body>
      }
    }
  }

  private body(state: WidgetState): Child[] {
    switch (state.phase) {
      case 'loading':
        return [this.skeleton(this.t().loading)];
      case 'unavailable':
        return [h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', 'data-action': 'retry-start', 'data-key': 'retry-start' }, this.t().tryAgain))];
      case 'choose':
        return this.chooseView(state);
      case 'hold':
        return this.holdView(state);
      case 'expired':
        return this.expiredView(state);
      case 'booked':
        return this.bookedView(state);
    }
  }

  private chooseView(state: WidgetState): Child[] {
    const merchant = state.merchant!;
    const locale = this.locale();
    const t = this.t();
    const busy = state.busy !== null;
    const out: Child[] = [];
    out.push(
      h('h3', { id: 'bw-services', tabindex: -1, 'data-key': 'services-heading' }, t.step({ n: 1, title: t.chooseService })),
      h(
        'div',
        { class: 'grid', role: 'group', 'aria-labelledby': 'bw-services' },
        merchant.services.map((service) =>
          h(
            'button',
            {
              type: 'button',
              class: 'choice',
              'data-action': 'service',
              'data-arg': service.serviceId,
              'data-key': `service-${service.serviceId}`,
              'aria-pressed': String(service.serviceId === state.serviceId),
            },
            h('span', null, service.name),
            service.price && h('span', { class: 'sub' }, this.price(service.price.priceMicros, service.price.currencyCode)),
          ),
        ),
      ),
    );
    if (!state.serviceId) return [...out, this.bookingsList(state)];

    out.push(
      h('h3', { id: 'bw-days' }, t.step({ n: 2, title: t.chooseDay })),
      this.calendar(state),
    );
    if (!state.dayKey) return [...out, this.bookingsList(state)];

    out.push(
      h('h3', { id: 'bw-slots', tabindex: -1, 'data-key': 'slots-heading' }, t.step({ n: 3, title: t.chooseTime })),
      h('p', { class: 'hint' }, t.dayInZone({ day: formatDayLong(state.dayKey, locale), zone: merchant.timeZone })),
      this.staffPicker(state),
    );
    const offered = this.machine?.offeredSlots() ?? state.slots;
    if (state.slotsStatus === 'loading' && state.slots.length === 0) {
      out.push(this.skeleton(t.loadingTimes, 8));
    } else if (state.slotsStatus === 'failed') {
      out.push(
        h('p', null, t.slotsFailed),
        h('button', { type: 'button', 'data-action': 'retry-slots', 'data-key': 'retry-slots' }, t.tryAgain),
      );
    } else if (offered.length === 0) {
      out.push(h('p', { class: 'muted' }, state.slots.length && state.staffId ? t.noTimesWithStaff : t.noTimes));
      const next = this.machine?.nextOpenDay();
      if (next && !(state.slots.length && state.staffId)) {
        out.push(h('button', { type: 'button', 'data-action': 'day', 'data-arg': next, 'data-key': 'next-open-day' }, t.nextOpenDay({ day: formatDayLong(next, locale) })));
      }
    } else {
      out.push(
        h(
          'ul',
          { class: 'slots', 'aria-labelledby': 'bw-slots', 'aria-busy': String(state.slotsStatus === 'loading') },
          offered.map(({ slot, countAvailable }) => {
            const key = slotKey(slot);
            const time = formatTime(slot.startSec, merchant.timeZone, locale);
            const staff = state.staffId ? slot.resources?.staffName || slot.resources?.staffId : null;
            const detail = staff ?? (countAvailable > 1 ? t.nLeft({ n: countAvailable, count: this.number(countAvailable) }) : null);
            return h(
              'li',
              null,
              h(
                'button',
                {
                  type: 'button',
                  class: 'slot',
                  'data-action': 'slot',
                  'data-arg': key,
                  'data-slot': key,
                  'data-key': `slot-${key}`,
                  'aria-pressed': String(state.selected !== null && slotKey(state.selected) === key),
                  'aria-disabled': busy ? 'true' : null,
                },
                time,
                detail && h('span', { class: 'sub' }, detail),
                h('span', { class: 'vh' }, `${t.sep}${formatDuration(slot.durationSec, locale)}`),
              ),
            );
          }),
        ),
      );
      // Nothing is held until the visitor commits to the time chosen.
      const chosen = state.selected && state.slots.some((s) => slotKey(s.slot) === slotKey(state.selected!)) ? state.selected : null;
      if (chosen) {
        out.push(
          h(
            'div',
            { class: 'actions' },
            h(
              'button',
              { type: 'button', class: 'primary', 'data-action': 'continue', 'data-key': 'continue', 'aria-disabled': busy ? 'true' : null },
              t.continue,
              h('span', { class: 'sub' }, this.describe(chosen, false, state.staffId !== null)),
            ),
          ),
        );
      }
    }
    out.push(this.bookingsList(state));
    return out;
  }

  /**
   * The month on screen as a grid of days (the WAI-ARIA date picker's grid: one tab stop, arrow keys
   * move by a day or a week, Home/End to the week's ends, PageUp/PageDown by a month; Enter chooses).
   * Days with openings are marked; past days are shown but cannot be chosen.
   */
  private calendar(state: WidgetState): Child {
    const t = this.t();
    const locale = this.locale();
    const days = state.days;
    if (days.length === 0) return null;
    const last = days[days.length - 1].key;
    const firstOfMonth = `${last.slice(0, 8)}01`;
    const bookable = new Set(days.map((d) => d.key));
    const focusKey = this.focusableDay(state);
    const weekStart = firstDayOfWeek(locale);
    const lead = (weekdayOf(firstOfMonth) - weekStart + 7) % 7;
    const length = Number(last.slice(8));
    const cells: Child[] = [];
    for (let i = 0; i < lead; i++) cells.push(h('td', { role: 'gridcell' }));
    for (let d = 1; d <= length; d++) {
      const key = `${last.slice(0, 8)}${String(d).padStart(2, '0')}`;
      const open = state.openDays ? state.openDays.includes(key) : null;
      const label = formatDayLong(key, locale);
      cells.push(
        h(
          'td',
          { role: 'gridcell', 'aria-selected': String(key === state.dayKey) },
          bookable.has(key)
            ? h(
                'button',
                {
                  type: 'button',
                  'data-action': 'day',
                  'data-arg': key,
                  'data-day': key,
                  'data-key': `day-${key}`,
                  tabindex: key === focusKey ? 0 : -1,
                  'aria-disabled': state.busy ? 'true' : null,
                  'data-open': open === null ? null : String(open),
                },
                String(d),
                h('span', { class: 'vh' }, `${t.sep}${label}${open === null ? '' : `${t.sep}${open ? t.hasOpenTimes : t.noOpenTimes}`}`),
              )
            : h('span', { class: 'past', 'aria-disabled': 'true' }, String(d), h('span', { class: 'vh' }, `${t.sep}${label}`)),
        ),
      );
    }
    const rows: Child[] = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', null, cells.slice(i, i + 7)));
    const weekdays = Array.from({ length: 7 }, (_, i) => addDays('2024-01-01', (weekStart - 1 + i) % 7)); // 2024-01-01 was a Monday
    const month = formatMonth(firstOfMonth, locale);
    return h(
      'div',
      { class: 'cal' },
      h(
        'div',
        { class: 'cal-head' },
        h('button', { type: 'button', class: 'nav', 'data-action': 'month', 'data-arg': String(state.monthOffset - 1), 'data-key': 'prev-month', 'aria-disabled': state.monthOffset === 0 ? 'true' : null }, h('span', { 'aria-hidden': 'true' }, this.machine?.dir === 'rtl' ? '›' : '‹'), h('span', { class: 'vh' }, t.prevMonth)),
        h('h4', { id: 'bw-month', 'aria-live': 'polite' }, month),
        h('button', { type: 'button', class: 'nav', 'data-action': 'month', 'data-arg': String(state.monthOffset + 1), 'data-key': 'next-month', 'aria-disabled': state.monthOffset >= MONTHS_AHEAD ? 'true' : null }, h('span', { 'aria-hidden': 'true' }, this.machine?.dir === 'rtl' ? '‹' : '›'), h('span', { class: 'vh' }, t.nextMonth)),
      ),
      h(
        'table',
        { role: 'grid', 'aria-labelledby': 'bw-month', 'data-calendar': '' },
        h('thead', null, h('tr', null, weekdays.map((key) => h('th', { scope: 'col', abbr: formatDay(key, locale, { weekday: 'long' }) }, formatDay(key, locale, { weekday: 'narrow' }))))),
        h('tbody', null, rows),
      ),
    );
  }

  /** The one day of the grid in the tab order: the one keys moved to, else the chosen one, else the first open one. */
  private focusableDay(state: WidgetState): string | null {
    const keys = state.days.map((d) => d.key);
    for (const key of [this.focusedDay, state.dayKey, state.openDays?.[0], keys[0]]) if (key && keys.includes(key)) return key;
    return null;
  }

  /** Arrow keys in the calendar (date picker grid) and in the list of times. */
  private onKeyDown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    const machine = this.machine;
    if (!machine) return;
    const rtl = machine.dir === 'rtl';
    const day = target.dataset.day;
    if (day) {
      const steps: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: 7, ArrowUp: -7 };
      const weekStart = firstDayOfWeek(this.locale());
      const position = (weekdayOf(day) - weekStart + 7) % 7;
      let next: string | null = null;
      let months = 0;
      if (event.key in steps) next = addDays(day, steps[event.key]);
      else if (event.key === 'Home') next = addDays(day, -position);
      else if (event.key === 'End') next = addDays(day, 6 - position);
      else if (event.key === 'PageDown' || event.key === 'PageUp') months = event.key === 'PageDown' ? 1 : -1;
      else return;
      event.preventDefault();
      this.moveDayFocus(day, next, months);
      return;
    }
    if (target.dataset.slot) {
      const buttons = [...this.root.querySelectorAll<HTMLElement>('button[data-slot]')];
      const i = buttons.indexOf(target);
      const perRow = Math.max(1, buttons.filter((b) => b.offsetTop === buttons[0].offsetTop).length);
      const moves: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: perRow, ArrowUp: -perRow };
      let j: number;
      if (event.key in moves) j = i + moves[event.key];
      else if (event.key === 'Home') j = 0;
      else if (event.key === 'End') j = buttons.length - 1;
      else return;
      event.preventDefault();
      buttons[Math.min(buttons.length - 1, Math.max(0, j))]?.focus();
    }
  }

  /** Moves the grid's focus to `next` (another month when it lies outside this one), or by `months`. */
  private moveDayFocus(from: string, next: string | null, months: number): void {
    const machine = this.machine!;
    const state = machine.getState();
    const month = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7));
    const target = next ?? from;
    const delta = next ? month(next) - month(from) : months;
    const focus = (key: string) => {
      this.focusedDay = key;
      this.render(machine.getState());
      this.root.querySelector<HTMLElement>(`[data-day="${key}"]`)?.focus();
    };
    if (delta === 0) {
      if (state.days.some((d) => d.key === target)) focus(target);
      return;
    }
    const offset = state.monthOffset + delta;
    if (offset < 0 || offset > MONTHS_AHEAD) return;
    void machine.showMonth(offset).then(() => {
      const days = machine.getState().days.map((d) => d.key);
      if (days.length === 0) return;
      // PageUp/PageDown keep the day of the month, or the month's last day when it is shorter (Jan 31 → Feb 28),
      // or its first bookable day when that day has passed; an arrow lands on the day it points at.
      const sameDay = `${days[0].slice(0, 8)}${from.slice(8)}`;
      const wanted = next ?? (days.includes(sameDay) ? sameDay : sameDay < days[0] ? days[0] : days[days.length - 1]);
      focus(days.includes(wanted) ? wanted : days[delta > 0 ? 0 : days.length - 1]);
    });
  }

  /** "Any staff" by default; a staff member by name when the day has more than one. */
  private staffPicker(state: WidgetState): Child {
    const staff = this.machine?.staffOfDay() ?? [];
    // Also while someone is asked for who does not work this day: the way back to "any staff" stays.
    if (staff.length < 2 && state.staffId === null) return null;
    return h(
      'div',
      { class: 'field staff' },
      h('label', { for: 'bw-staff' }, this.t().staffLabel),
      h(
        'select',
        { id: 'bw-staff', 'data-key': 'staff', 'data-staff-picker': '' },
        h('option', { value: '', selected: state.staffId === null }, this.t().anyStaff),
        staff.map((s) => h('option', { value: s.staffId, selected: state.staffId === s.staffId }, s.staffName)),
      ),
    );
  }

  private holdView(state: WidgetState): Child[] {
    const hold = state.hold!;
    const t = this.t();
    const labels = fieldLabels(t);
    const frozen = state.bookingUncertain || state.busy === 'book';
    const service = state.merchant?.services.find((s) => s.serviceId === hold.slot.serviceId);
    return [
      h('h3', { tabindex: -1, 'data-key': 'hold-heading' }, t.step({ n: 4, title: t.yourDetails })),
      h('div', { class: 'summary' }, h('strong', null, service?.name ?? hold.slot.serviceId), h('br', null), this.describe(hold.slot, true)),
      h('p', { class: 'timer', role: 'timer', 'aria-live': 'off' }, `${t.heldForYou} `, h('strong', { 'data-countdown': '' }, formatCountdown(state.secondsLeft))),
      h(
        'form',
        { novalidate: true, 'aria-label': t.yourDetails },
        CONTACT_FIELDS.map((field) => {
          const hint = field === 'telephone' ? t.phoneHint({ example: '+41 44 668 18 00' }) : null;
          return h(
            'div',
            { class: 'field' },
            h('label', { for: `bw-f-${field}` }, labels[field]),
            hint && h('p', { class: 'hint', id: `bw-h-${field}` }, hint),
            // A fresh input's value is its value attribute; errors are added by patchFieldErrors.
            h('input', {
              id: `bw-f-${field}`,
              name: field,
              ...FIELD_INPUT[field],
              'data-field': field,
              'data-key': `field-${field}`,
              required: true,
              readonly: frozen,
              value: state.contact[field],
            }),
          );
        }),
        h(
          'div',
          { class: 'actions' },
          h(
            'button',
            { type: 'submit', class: 'primary', 'data-key': 'submit', 'aria-disabled': state.busy === 'book' ? 'true' : null },
            state.busy === 'book' ? t.booking : state.bookingUncertain ? t.tryAgain : t.book,
          ),
          !frozen && h('button', { type: 'button', class: 'link', 'data-action': 'back', 'data-key': 'back' }, t.pickAnother),
        ),
      ),
    ];
  }

  private expiredView(state: WidgetState): Child[] {
    const hold = state.hold!;
    const t = this.t();
    return [
      h('h3', { tabindex: -1, 'data-key': 'expired-heading' }, t.holdExpiredHeading),
      h('p', null, t.noLongerHeld({ slot: this.describe(hold.slot, true) })),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', class: 'primary', 'data-action': 'rehold', 'data-key': 'rehold', 'aria-disabled': state.busy ? 'true' : null },
          t.holdAgain({ time: formatTime(hold.slot.startSec, state.merchant!.timeZone, this.locale()) }),
        ),
        h('button', { type: 'button', 'data-action': 'back', 'data-key': 'back' }, t.chooseAnother),
      ),
    ];
  }

  private bookedView(state: WidgetState): Child[] {
    const booking = state.booking!;
    const t = this.t();
    const pending = booking.status === 'PENDING_MERCHANT_CONFIRMATION';
    const canceled = booking.status === 'CANCELED';
    return [
      h(
        'section',
        { class: 'confirmation', 'aria-labelledby': 'bw-confirmation' },
        h('h3', { id: 'bw-confirmation', tabindex: -1, 'data-key': 'confirmation-heading' }, canceled ? t.bookingCancelled : pending ? t.requestSentHeading : t.youAreBooked),
        pending && !canceled && h('p', null, t.pendingNext({ merchant: state.merchant?.name ?? t.theBusiness })),
        h(
          'dl',
          null,
          h('dt', null, t.service),
          h('dd', null, booking.serviceName, this.servicePrice(state, booking)),
          h('dt', null, t.when),
          h('dd', null, this.describe(booking.slot, true)),
          this.cancellationPolicy(state, booking),
          h('dt', null, t.reference),
          h('dd', null, h('strong', { 'data-human-reference': '' }, humanReference(booking.bookingId)), h('span', { class: 'sub' }, h('code', { 'data-reference': '' }, booking.bookingId))),
          h('dt', null, t.status),
          h('dd', { 'data-status': booking.status }, statusText(t, booking.status)),
        ),
        h(
          'div',
          { class: 'actions' },
          !canceled && this.calendarLink(booking),
          !canceled && this.cancelControl(state, booking.bookingId),
          h('button', { type: 'button', class: 'primary', 'data-action': 'another', 'data-key': 'another' }, t.bookAnother),
        ),
      ),
    ];
  }

  /** The service's price beside its name on the confirmation ("· CHF 45.00", "· Free"). */
  private servicePrice(state: WidgetState, booking: BookingView): Child {
    const price = state.merchant?.services.find((s) => s.serviceId === booking.slot.serviceId)?.price;
    return price ? h('span', { 'data-price': '' }, ` · ${this.price(price.priceMicros, price.currencyCode)}`) : null;
  }

  /** "Free cancellation until …" when the service lets it be cancelled online (in the merchant's zone). */
  private cancellationPolicy(state: WidgetState, booking: BookingView): Child {
    const service = state.merchant?.services.find((s) => s.serviceId === booking.slot.serviceId);
    if (!state.merchant || booking.status === 'CANCELED' || service?.minAdvanceOnlineCancelingSec === undefined) return null;
    const until = booking.slot.startSec - (service.minAdvanceOnlineCancelingSec ?? 0);
    if (until * 1000 <= Date.now()) return null;
    const zone = state.merchant.timeZone;
    const day = localDays(until, zone, 1)[0].key;
    const time = `${formatDayShort(day, this.locale())} ${formatTime(until, zone, this.locale())}`;
    return [h('dt', null, ''), h('dd', { 'data-policy': '' }, this.t().freeCancellationUntil({ time }))];
  }

  /** Cancel asks first: "Cancel booking", then "Yes, cancel" / "Keep booking". */
  private cancelControl(state: WidgetState, bookingId: string): Child {
    const disabled = state.busy ? 'true' : null;
    if (state.confirmCancel !== bookingId) {
      return h('button', { type: 'button', 'data-action': 'cancel', 'data-arg': bookingId, 'data-key': `cancel-${bookingId}`, 'aria-disabled': disabled }, this.t().cancelBooking);
    }
    const t = this.t();
    return h(
      'div',
      { class: 'confirm', role: 'group', 'aria-labelledby': `bw-cc-${bookingId}` },
      h('p', { id: `bw-cc-${bookingId}` }, h('strong', null, t.cancelConfirm)),
      h('button', { type: 'button', class: 'danger', 'data-action': 'cancel-yes', 'data-arg': bookingId, 'data-key': `cancel-yes-${bookingId}`, 'aria-disabled': disabled }, t.yesCancel),
      h('button', { type: 'button', 'data-action': 'cancel-no', 'data-arg': bookingId, 'data-key': `cancel-no-${bookingId}` }, t.keepBooking),
    );
  }

  /** An .ics file made in the browser (nothing leaves the page). */
  private calendarLink(booking: BookingView): Child {
    const merchant = this.machine?.getState().merchant;
    const t = this.t();
    const ics = icsFor({
      bookingId: booking.bookingId,
      startSec: booking.slot.startSec,
      durationSec: booking.slot.durationSec,
      summary: t.calendarTitle({ service: booking.serviceName, merchant: merchant?.name }),
      location: merchant?.name ?? '',
      description: t.calendarNote({ ref: humanReference(booking.bookingId), id: booking.bookingId }),
      nowMs: Date.now(),
    });
    if (this.icsUrl) URL.revokeObjectURL(this.icsUrl);
    this.icsUrl = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
    return h('a', { class: 'button', href: this.icsUrl, download: `booking-${humanReference(booking.bookingId)}.ics`, 'data-key': 'add-to-calendar' }, t.addToCalendar);
  }

  private bookingsList(state: WidgetState): Child {
    if (state.bookings.length === 0) return null;
    return [
      h('h3', { id: 'bw-bookings' }, this.t().yourBookings),
      h(
        'ul',
        { class: 'bookings', 'aria-labelledby': 'bw-bookings' },
        state.bookings.map((b: BookingView) =>
          h(
            'li',
            { 'data-booking': b.bookingId },
            h('h4', { tabindex: -1, 'data-key': `booking-${b.bookingId}` }, `${b.serviceName}`),
            h('p', null, this.describe(b.slot, true)),
            h('p', { class: 'muted' }, `${this.t().statusLine({ status: statusText(this.t(), b.status), ref: humanReference(b.bookingId) })} `, h('code', null, b.bookingId)),
            b.status !== 'CANCELED' && this.cancelControl(state, b.bookingId),
          ),
        ),
      ),
    ];
  }

  // ---- formatting ---------------------------------------------------------------------------------

  private locale(): string | undefined {
    return this.machine?.locale ?? (this.getAttribute('locale') || navigator.language || undefined);
  }

  private t(): Catalog {
    return this.machine?.t ?? en;
  }

  private number(n: number): string {
    try {
      return new Intl.NumberFormat(this.locale()).format(n);
    } catch {
      return String(n);
    }
  }

  /** The merchant's zone, and the visitor's when it differs (times are always the merchant's). */
  private zoneNote(zone: string): HTMLElement {
    const t = this.t();
    let visitor: string | undefined;
    try {
      visitor = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      visitor = undefined;
    }
    const note = t.allTimesIn({ zone });
    return h('p', { class: 'tz' }, visitor && visitor !== zone ? `${note} (${t.yourTime({ zone: visitor })})` : note);
  }

  /** Grey placeholder blocks while something loads; announced once by name, not block by block. */
  private skeleton(label: string, blocks = 3): Child {
    return h('div', { class: 'skeleton', role: 'status', 'aria-busy': 'true', 'aria-label': label, 'data-skeleton': '' }, Array.from({ length: blocks }, () => h('span', { 'aria-hidden': 'true' })));
  }

  /** "Tue 4 Nov, 09:00–09:30 with Alex". */
  private describe(slot: Slot, long = false, withStaff = true): string {
    const zone = this.machine?.getState().merchant?.timeZone ?? 'UTC';
    const locale = this.locale();
    const day = localDays(slot.startSec, zone, 1)[0].key;
    const name = slot.resources?.staffName || slot.resources?.staffId || undefined;
    const start = formatTime(slot.startSec, zone, locale);
    const time = long ? `${start}–${formatTime(slot.startSec + slot.durationSec, zone, locale)}` : start;
    return this.t().slotSummary({ day: long ? formatDayLong(day, locale) : formatDayShort(day, locale), time, staff: withStaff ? name : undefined });
  }

  private price(micros: number, currency: string): string {
    if (micros === 0) return this.t().free;
    try {
      return new Intl.NumberFormat(this.locale(), { style: 'currency', currency }).format(micros / 1e6);
    } catch {
      return `${currency} ${(micros / 1e6).toFixed(2)}`;
    }
  }
}
