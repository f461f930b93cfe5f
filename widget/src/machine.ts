// The booking flow as a DOM-free state machine: service → day → time → Continue: hold (with
// countdown) → contact details → book (idempotent, retried with the same token) → confirmation →
// cancel. A time is held only once the visitor commits to it (Continue), and given back as soon as
// they choose another, go back, or leave the page, so browsing never hides times from others.
// Everything it touches is injected (fetch, clock, timers, ids), so jest drives it in node.
import {
  AvailableSlotsQuery,
  CancelBookingMutation,
  CreateBookingMutation,
  CreateLeaseMutation,
  MerchantQuery,
  ReleaseLeaseMutation,
  type BookingFailure,
  type BookingStatus,
  type CreateBookingVariables,
  type Merchant,
  type Operation,
  type Service,
  type Slot,
  type SlotAvailability,
  type SlotInput,
} from './operations';
import { catalogFor, formatDuration, type Catalog, type Dir } from './i18n';
import { MONTHS_AHEAD, formatCountdown, formatDayShort, formatTime, localDays, monthDays, type LocalDay } from './time';
import { createClient, type FetchLike, type GraphqlClient, type GraphqlError, type Timers } from './transport';
import {
  CONTACT_FIELDS,
  fieldOfPath,
  normalizeContact,
  serverFieldMessage,
  validateContact,
  type Contact,
  type ContactField,
  type FieldErrors,
} from './validate';

export type { Timers } from './transport';

export type Phase = 'loading' | 'unavailable' | 'choose' | 'hold' | 'expired' | 'booked';
export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface Message {
  tone: Tone;
  text: string;
  /** Increases with every message, so the same text can be announced twice. */
  seq: number;
}

/**
 * Where keyboard focus should go after a transition: `form` (first contact field), `field:<name>`,
 * `slots` (the times heading), `confirmation`, `expired`, `submit`, `message`, `services`.
 */
export interface FocusRequest {
  target: string;
  seq: number;
}

export interface Hold {
  slot: Slot;
  leaseId: string;
  userReference: string;
  /** When the hold ends, on the local clock (corrected for the server's clock when it is known). */
  deadlineMs: number;
}

export interface BookingView {
  bookingId: string;
  status: BookingStatus;
  slot: Slot;
  serviceName: string;
}

export interface WidgetState {
  phase: Phase;
  merchant: Merchant | null;
  serviceId: string | null;
  /** The bookable days of the month on screen (from today on in this month). */
  days: LocalDay[];
  /** Months after this one that the calendar shows (0: this month). */
  monthOffset: number;
  dayKey: string | null;
  slots: SlotAvailability[];
  slotsStatus: 'idle' | 'loading' | 'ready' | 'failed';
  /** The time chosen in the list, not held yet (Continue holds it). */
  selected: Slot | null;
  /** The staff member asked for; null: any staff (one entry per time, whoever is free). */
  staffId: string | null;
  /** Days (keys) of the service with open times, from one availableSlots call over all days; null: not known. */
  openDays: string[] | null;
  hold: Hold | null;
  /** Whole seconds left on the hold (shown as a countdown). */
  secondsLeft: number;
  contact: Contact;
  fieldErrors: FieldErrors;
  busy: null | 'hold' | 'book' | 'cancel';
  /**
   * A createBooking request failed on the way and its outcome is unknown: the only way forward is
   * to send the identical request again (same idempotency token), so it can never book twice.
   */
  bookingUncertain: boolean;
  /** The booking just made (shown in the `booked` phase). */
  booking: BookingView | null;
  /** Bookings made in this page session, newest first (each can be cancelled). */
  bookings: BookingView[];
  /** The booking whose cancellation waits for the visitor's "yes" (cancel asks first). */
  confirmCancel: string | null;
  message: Message | null;
  focus: FocusRequest | null;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
}

/** Changes to the visible day within this long share one refresh of the list. */
const REFRESH_DEBOUNCE_MS = 250;

export interface MachineOptions {
  merchantId: string;
  endpoint: string;
  apiKey?: string | null;
  fetch: FetchLike;
  clock: Clock;
  timers: Timers;
  /** Random unique ids (crypto.randomUUID in the browser). */
  randomId: () => string;
  /** Stable per browser: createBooking.userInformation.userId. */
  userId: string;
  locale?: string;
  partySize?: number;

  /** Waits before automatic retries of a request that got no answer (default 1 s, then 3 s). */
  retryDelaysMs?: number[];
  requestTimeoutMs?: number;
}

/** Answers that say "try the same request again": the request may not have been processed. */
const RETRYABLE_CODES = new Set(['ABORTED', 'UNAVAILABLE', 'INTERNAL']);
const LEASE_DEFAULT_SEC = 600;
/** The gateway's most entries per availableSlots answer (api.md "Limits"). */
const OPEN_DAYS_CAP = 500;
const LEASE_MAX_SEC = 1800;

type Outcome<D> =
  | { kind: 'data'; data: D; serverDateMs?: number }
  | { kind: 'errors'; errors: GraphqlError[] }
  | { kind: 'network' };

const EMPTY_CONTACT: Contact = { givenName: '', familyName: '', email: '', telephone: '' };

export function sameSlot(a: Slot, b: Slot): boolean {
  return (
    a.merchantId === b.merchantId &&
    a.serviceId === b.serviceId &&
    a.startSec === b.startSec &&
    a.durationSec === b.durationSec &&
    (a.resources?.staffId ?? null) === (b.resources?.staffId ?? null) &&
    (a.resources?.roomId ?? null) === (b.resources?.roomId ?? null)
  );
}

/** A stable key for a slot (DOM attributes, tests). */
export function slotKey(slot: Slot): string {
  return [slot.serviceId, slot.startSec, slot.durationSec, slot.resources?.staffId ?? '', slot.resources?.roomId ?? ''].join('|');
}

export class BookingMachine {
  /** The interface text of the widget's locale (en, de, fr, it, ar, he; else English). */
  readonly t: Catalog;
  readonly lang: string;
  readonly dir: Dir;
  /** The locale values in the texts are formatted with (times, days, numbers). */
  readonly locale: string;
  private state: WidgetState;
  private readonly listeners = new Set<(state: WidgetState) => void>();
  private readonly client: GraphqlClient;
  private readonly retryDelays: number[];
  private readonly partySize: number;
  private countdownTimer: unknown = null;
  private readonly sleeps = new Set<unknown>();
  private slotsSeq = 0;
  private openDaysSeq = 0;
  /** The page is hidden (a lease granted meanwhile is given back at once). */
  private hidden = false;
  private messageSeq = 0;
  private focusSeq = 0;
  private pending: CreateBookingVariables | null = null;
  private disposed = false;
  private refreshQueued = false;
  /** A change arrived while the list was being read: read it once more when that read ends. */
  private readAgainAfterLoad = false;
  /** The hold was given back because the page was hidden: take it again when the visitor returns. */
  private reholdOnReturn = false;

  constructor(private readonly options: MachineOptions) {
    const i18n = catalogFor(options.locale);
    this.t = i18n.t;
    this.lang = i18n.lang;
    this.dir = i18n.dir;
    this.locale = i18n.locale;
    this.client = createClient({
      endpoint: options.endpoint,
      apiKey: options.apiKey,
      fetch: options.fetch,
      timers: options.timers,
      timeoutMs: options.requestTimeoutMs,
    });
    this.retryDelays = options.retryDelaysMs ?? [1000, 3000];
    this.partySize = options.partySize ?? 1;
    this.state = {
      phase: 'loading',
      merchant: null,
      serviceId: null,
      days: [],
      monthOffset: 0,
      dayKey: null,
      slots: [],
      slotsStatus: 'idle',
      selected: null,
      staffId: null,
      openDays: null,
      hold: null,
      secondsLeft: 0,
      contact: { ...EMPTY_CONTACT },
      fieldErrors: {},
      busy: null,
      bookingUncertain: false,
      booking: null,
      bookings: [],
      confirmCancel: null,
      message: null,
      focus: null,
    };
  }

  // ---- observation --------------------------------------------------------------------------------

  getState(): WidgetState {
    return this.state;
  }

  subscribe(listener: (state: WidgetState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get service(): Service | null {
    return this.state.merchant?.services.find((s) => s.serviceId === this.state.serviceId) ?? null;
  }

  /**
   * The times to offer: with a staff member asked for, theirs; with any staff, one entry per start
   * and duration (the one with most places left stands for it), so each time appears once.
   */
  offeredSlots(): SlotAvailability[] {
    const { slots, staffId } = this.state;
    if (staffId !== null) return slots.filter((s) => (s.slot.resources?.staffId ?? null) === staffId);
    const byTime = new Map<string, SlotAvailability>();
    for (const s of slots) {
      const key = `${s.slot.startSec}|${s.slot.durationSec}`;
      const best = byTime.get(key);
      if (!best || s.countAvailable > best.countAvailable) byTime.set(key, s);
    }
    return [...byTime.values()];
  }

  /** The staff members of the day's times, in order of appearance: id and name. */
  staffOfDay(): Array<{ staffId: string; staffName: string }> {
    const seen = new Map<string, string>();
    for (const { slot } of this.state.slots) {
      const id = slot.resources?.staffId;
      if (id && !seen.has(id)) seen.set(id, slot.resources?.staffName || id);
    }
    return [...seen].map(([staffId, staffName]) => ({ staffId, staffName }));
  }

  /** Asks for one staff member (null: any staff). The chosen time is kept when that person has it. */
  selectStaff(staffId: string | null): void {
    if (this.state.busy || this.state.phase !== 'choose') return;
    const selected = this.state.selected;
    const keep = selected && (staffId === null || (selected.resources?.staffId ?? null) === staffId);
    this.set({ staffId, selected: keep ? selected : null });
  }

  /** "09:00 with Alex on Tue 4 Nov" in the merchant's zone (no staff named when any staff will do). */
  describeSlot(slot: Slot, withStaff = true): string {
    const zone = this.state.merchant?.timeZone ?? 'UTC';
    const day = localDays(slot.startSec, zone, 1)[0].key;
    const name = slot.resources?.staffName || slot.resources?.staffId || undefined;
    return this.t.slotInline({ time: formatTime(slot.startSec, zone, this.locale), day: formatDayShort(day, this.locale), staff: withStaff ? name : undefined });
  }

  // ---- actions ------------------------------------------------------------------------------------

  /** Loads the merchant and its services. Also the way forward after "unavailable". */
  async start(): Promise<void> {
    this.set({ phase: 'loading', message: null });
    const outcome = await this.call(MerchantQuery, { merchantId: this.options.merchantId });
    if (outcome.kind === 'network') {
      this.set({
        phase: 'unavailable',
        message: this.msg('error', this.t.unreachable),
        focus: this.focusOn('message'),
      });
      return;
    }
    if (outcome.kind === 'errors') {
      this.set({ phase: 'unavailable', message: this.msg('error', this.requestErrorText(outcome.errors)), focus: this.focusOn('message') });
      return;
    }
    const merchant = outcome.data.merchant;
    if (!merchant) {
      this.set({
        phase: 'unavailable',
        message: this.msg('error', this.t.noMerchant({ id: this.options.merchantId })),
      });
      return;
    }
    const days = monthDays(Math.floor(this.options.clock.nowMs() / 1000), merchant.timeZone, 0);
    this.set({ phase: 'choose', merchant, days, monthOffset: 0, message: null });
    if (merchant.services.length === 1) await this.selectService(merchant.services[0].serviceId);
  }

  async selectService(serviceId: string): Promise<void> {
    if (this.state.busy || this.state.phase !== 'choose' || !this.state.merchant?.services.some((s) => s.serviceId === serviceId)) return;
    const chosenDay = this.state.dayKey;
    const placeholder = chosenDay ?? this.state.days[0]?.key ?? null;
    this.slotsSeq++; // an answer for the previous service no longer applies
    this.set({ ...this.releaseHold(), serviceId, selected: null, staffId: null, openDays: null, slots: [], slotsStatus: 'idle', dayKey: placeholder });
    await this.loadOpenDays();
    // The first day with openings, unless the visitor picked a day before or meanwhile ("Today" late in the evening is empty).
    const open = this.state.openDays;
    if (!chosenDay && open?.length && this.state.serviceId === serviceId && this.state.dayKey === placeholder) this.set({ dayKey: open[0] });
    if (this.state.serviceId === serviceId) await this.loadSlots();
  }

  /**
   * Which days have openings: one availableSlots call over every day offered (not one per day). Its
   * answer is capped (soonest first); days after the last time it returned are then taken as open.
   */
  async loadOpenDays(): Promise<void> {
    const { merchant, serviceId, days, monthOffset } = this.state;
    if (!merchant || !serviceId || days.length === 0) return;
    const seq = ++this.openDaysSeq;
    const from = Math.max(days[0].startSec, Math.floor(this.options.clock.nowMs() / 1000));
    const outcome = await this.call(AvailableSlotsQuery, { merchantId: merchant.merchantId, serviceId, startSecFrom: from, startSecTo: days[days.length - 1].endSec, partySize: this.partySize });
    // Only the answer of the latest question, for the service and month still on screen.
    if (outcome.kind !== 'data' || seq !== this.openDaysSeq || this.state.serviceId !== serviceId || this.state.monthOffset !== monthOffset) return;
    const found = outcome.data.availableSlots.filter((s) => s.countAvailable >= this.partySize);
    const capped = outcome.data.availableSlots.length >= OPEN_DAYS_CAP;
    const last = found.length ? found[found.length - 1].slot.startSec : Infinity;
    const open = days.filter((d) => found.some((s) => s.slot.startSec >= d.startSec && s.slot.startSec < d.endSec) || (capped && d.startSec > last));
    this.set({ openDays: open.map((d) => d.key) });
  }

  /**
   * Shows another month (0: this one … MONTHS_AHEAD): its days with openings are read (one call), the
   * first of them chosen. A hold is given back.
   */
  async showMonth(offset: number): Promise<void> {
    const { phase, merchant, busy, monthOffset } = this.state;
    if (phase !== 'choose' || !merchant || busy || offset === monthOffset || offset < 0 || offset > MONTHS_AHEAD) return;
    const days = monthDays(Math.floor(this.options.clock.nowMs() / 1000), merchant.timeZone, offset);
    this.slotsSeq++; // an answer for the previous month's day no longer applies
    this.set({ ...this.releaseHold(), monthOffset: offset, days, dayKey: null, selected: null, openDays: null, slots: [], slotsStatus: 'idle' });
    await this.loadOpenDays();
    const first = this.state.openDays?.[0] ?? null;
    if (first && this.state.monthOffset === offset && this.state.dayKey === null) {
      this.set({ dayKey: first });
      await this.loadSlots();
    }
  }

  /** The next day after the one on screen that has openings, when one is known. */
  nextOpenDay(): string | null {
    const { openDays, dayKey } = this.state;
    return openDays?.find((key) => dayKey !== null && key > dayKey) ?? null;
  }

  async selectDay(dayKey: string): Promise<void> {
    if (this.state.busy || this.state.phase !== 'choose' || !this.state.days.some((d) => d.key === dayKey)) return;
    // The previous day's times go at once: they must not be chosen under the new day's heading.
    this.set({ ...this.releaseHold(), dayKey, selected: null, ...(dayKey !== this.state.dayKey && { slots: [] }) });
    await this.loadSlots();
  }

  /** Chooses a time in the list; nothing is held until Continue. A hold on another time is given back. */
  select(slot: Slot): void {
    if (this.state.busy || this.state.phase !== 'choose') return;
    const released = this.state.hold && !sameSlot(this.state.hold.slot, slot) ? this.releaseHold() : {};
    this.set({ ...released, selected: slot, message: this.msg('info', this.t.slotSelected({ slot: this.describeSlot(slot) })), focus: this.focusOn('continue') });
  }

  /**
   * Continue: holds the chosen time and opens the form. With any staff, a time someone else just took
   * from one staff member is held with the next one free at the same time, without asking.
   */
  async continueWithSelected(): Promise<void> {
    const selected = this.state.selected;
    if (!selected) return;
    const others =
      this.state.staffId === null
        ? this.state.slots
            .filter((s) => s.slot.startSec === selected.startSec && s.slot.durationSec === selected.durationSec && !sameSlot(s.slot, selected))
            .map((s) => s.slot)
        : [];
    await this.hold(selected, others);
  }

  /**
   * The page is being hidden or closed: a live hold is given back at once (a request that outlives
   * the page), unless a booking through it is in flight or in doubt. It is taken again on return.
   */
  pageHidden(): void {
    this.hidden = true;
    const { hold, phase, busy, bookingUncertain } = this.state;
    if (!hold || phase !== 'hold' || busy || bookingUncertain || hold.deadlineMs <= this.options.clock.nowMs()) return;
    this.reholdOnReturn = true;
    this.set({ ...this.releaseHold(true), phase: 'choose', selected: hold.slot, message: this.msg('info', this.t.holdReturned({ slot: this.describeSlot(hold.slot) })) });
  }

  /** The page is shown again: the time given back when it was hidden is held again, when still free. */
  async pageShown(): Promise<void> {
    this.hidden = false;
    if (!this.reholdOnReturn) return;
    this.reholdOnReturn = false;
    if (this.state.phase === 'choose' && this.state.selected && !this.state.hold) await this.continueWithSelected();
  }

  /** Fetches the open slots of the chosen service and day (also the "try again" after a failure). */
  async loadSlots(): Promise<void> {
    const { merchant, serviceId, dayKey, days } = this.state;
    const day = days.find((d) => d.key === dayKey);
    if (!merchant || !serviceId || !day) return;
    const seq = ++this.slotsSeq;
    const from = Math.max(day.startSec, Math.floor(this.options.clock.nowMs() / 1000));
    if (from >= day.endSec) {
      this.set({ slots: [], slotsStatus: 'ready' });
      return;
    }
    this.set({ slotsStatus: 'loading' });
    const outcome = await this.call(AvailableSlotsQuery, {
      merchantId: merchant.merchantId,
      serviceId,
      startSecFrom: from,
      startSecTo: day.endSec,
      partySize: this.partySize,
    });
    // A newer request superseded this one, or the day or service on screen changed meanwhile.
    if (seq !== this.slotsSeq || this.state.dayKey !== dayKey || this.state.serviceId !== serviceId) return;
    if (outcome.kind === 'data') {
      const slots = outcome.data.availableSlots.filter((s) => s.countAvailable >= this.partySize);
      const known = this.state.openDays;
      const openDays = known && (slots.length ? [...new Set([...known, day.key])].sort() : known.filter((k) => k !== day.key));
      this.set({ slots, slotsStatus: 'ready', openDays });
      if (this.readAgainAfterLoad) {
        this.readAgainAfterLoad = false;
        void this.loadSlots();
      }
      return;
    }
    this.set({
      slotsStatus: 'failed',
      message: this.msg(
        'error',
        outcome.kind === 'network'
          ? this.t.slotsNoAnswer
          : this.requestErrorText(outcome.errors),
      ),
    });
  }

  /** Holds a slot with a lease (createLease); on success the contact form opens with a countdown. */
  async hold(slot: Slot, alternatives: Slot[] = []): Promise<void> {
    const { phase, busy, hold } = this.state;
    if (busy || (phase !== 'choose' && phase !== 'expired')) return;
    if (hold && phase === 'choose' && sameSlot(hold.slot, slot) && hold.deadlineMs > this.options.clock.nowMs()) {
      this.set({ phase: 'hold', focus: this.focusOn('form') }); // still ours: carry on
      return;
    }
    const userReference = this.options.randomId();
    this.set({ busy: 'hold', message: this.msg('info', this.t.holding({ slot: this.describeSlot(slot) })) });
    const sentAtMs = this.options.clock.nowMs();
    const outcome = await this.call(CreateLeaseMutation, { lease: { slot: this.slotInput(slot), userReference } });
    this.set({ busy: null });
    if (outcome.kind === 'network') {
      this.set({
        message: this.msg('error', this.t.holdUnreachable({ slot: this.describeSlot(slot) })),
        focus: this.focusOn('message'),
      });
      return;
    }
    if (outcome.kind === 'errors') {
      this.set({ message: this.msg('error', this.requestErrorText(outcome.errors)), focus: this.focusOn('message') });
      return;
    }
    const { lease, bookingFailure } = outcome.data.createLease;
    if (!lease) {
      if (bookingFailure?.cause === 'SLOT_UNAVAILABLE' && alternatives.length) return this.hold(alternatives[0], alternatives.slice(1));
      if (bookingFailure?.cause === 'SLOT_UNAVAILABLE') return this.slotTaken(slot);
      this.set({ message: this.msg('error', this.failureText(bookingFailure)), focus: this.focusOn('message') });
      return;
    }
    if (this.disposed || this.hidden) {
      // The page went away while the hold was asked for: give it back at once, take it again on return.
      void this.client.request(ReleaseLeaseMutation, { leaseId: lease.leaseId }, { keepalive: true }).catch(() => undefined);
      if (!this.disposed) {
        this.reholdOnReturn = true;
        this.set({ selected: lease.slot });
      }
      return;
    }
    const deadlineMs = this.deadline(lease.leaseExpirationTimeSec, sentAtMs, outcome.serverDateMs);
    this.stopCountdown();
    this.pending = null;
    this.set({
      phase: 'hold',
      selected: lease.slot,
      hold: { slot: lease.slot, leaseId: lease.leaseId, userReference, deadlineMs },
      secondsLeft: Math.ceil((deadlineMs - this.options.clock.nowMs()) / 1000),
      fieldErrors: {},
      bookingUncertain: false,
      message: this.msg(
        'success',
        this.t.heldFor({ slot: this.describeSlot(lease.slot), duration: formatDuration(Math.max(1, Math.round((deadlineMs - this.options.clock.nowMs()) / 1000)), this.locale) }),
      ),
      focus: this.focusOn('form'),
    });
    this.tick();
  }

  /** After the hold expired: hold the same slot again (a new lease). */
  async rehold(): Promise<void> {
    const hold = this.state.hold;
    if (this.state.phase !== 'expired' || !hold) return;
    await this.hold(hold.slot);
  }

  setField(field: ContactField, value: string): void {
    if (this.state.bookingUncertain || this.state.busy === 'book') return; // the request in doubt must stay identical
    const fieldErrors = { ...this.state.fieldErrors };
    delete fieldErrors[field];
    this.set({ contact: { ...this.state.contact, [field]: value }, fieldErrors });
  }

  /** Books the held slot through its lease; after an unanswered attempt, resends the identical request. */
  async submit(): Promise<void> {
    const { phase, busy, hold } = this.state;
    if (busy || phase !== 'hold' || !hold) return;
    let variables = this.pending;
    if (!variables) {
      const fieldErrors = validateContact(this.state.contact, this.t);
      const invalid = CONTACT_FIELDS.filter((f) => fieldErrors[f]);
      if (invalid.length) {
        this.set({
          fieldErrors,
          message: this.msg('error', this.t.checkFields({ n: invalid.length })),
          focus: this.focusOn(`field:${invalid[0]}`),
        });
        return;
      }
      variables = {
        input: {
          slot: this.slotInput(hold.slot),
          leaseRef: { leaseId: hold.leaseId },
          userInformation: { userId: this.options.userId, ...normalizeContact(this.state.contact) },
          idempotencyToken: this.options.randomId(),
        },
      };
      this.pending = variables;
    }
    this.set({ busy: 'book', fieldErrors: {}, message: this.msg('info', this.t.booking) });
    const outcome = await this.call(CreateBookingMutation, variables);
    this.set({ busy: null });
    if (this.disposed) return;
    if (outcome.kind === 'network') {
      this.set({
        bookingUncertain: true,
        message: this.msg('error', this.t.bookingUncertain),
        focus: this.focusOn('submit'),
      });
      return;
    }
    this.pending = null; // the outcome is known: a later attempt is a new request
    this.set({ bookingUncertain: false });
    if (outcome.kind === 'errors') return this.bookingErrors(outcome.errors);
    const { booking, bookingFailure } = outcome.data.createBooking;
    if (booking) return this.booked(booking.bookingId, booking.status, booking.slot);
    switch (bookingFailure?.cause) {
      case 'SLOT_UNAVAILABLE':
        return this.slotTaken(hold.slot);
      case 'LEASE_EXPIRED':
        return this.expire(this.t.expiredBeforeBooking({ slot: this.describeSlot(hold.slot) }));
      case 'SLOT_ALREADY_BOOKED_BY_USER':
        this.stopCountdown();
        this.set({
          phase: 'choose',
          hold: null,
          message: this.msg('warning', this.t.alreadyBooked({ slot: this.describeSlot(hold.slot) })),
          focus: this.focusOn('slots'),
        });
        await this.loadSlots();
        return;
      default:
        this.set({ message: this.msg('error', this.failureText(bookingFailure)), focus: this.focusOn('message') });
    }
  }

  /** Cancel, first step: asks the visitor to confirm (nothing is sent yet). */
  askCancel(bookingId: string): void {
    const target = this.state.bookings.find((b) => b.bookingId === bookingId);
    if (this.state.busy || !target || target.status === 'CANCELED') return;
    this.set({ confirmCancel: bookingId, focus: this.focusOn(`confirm-cancel:${bookingId}`) });
  }

  /** The visitor keeps the booking after all. */
  keepBooking(): void {
    const id = this.state.confirmCancel;
    if (!id) return;
    this.set({ confirmCancel: null, focus: this.focusOn(`cancel:${id}`) });
  }

  /** Cancels one of this session's bookings (updateBooking status CANCELED), once the visitor said yes. */
  async cancel(bookingId: string): Promise<void> {
    const target = this.state.bookings.find((b) => b.bookingId === bookingId);
    if (this.state.busy || !target || target.status === 'CANCELED') return;
    this.set({ busy: 'cancel', confirmCancel: null, message: this.msg('info', this.t.cancelling) });
    const outcome = await this.call(CancelBookingMutation, { bookingId });
    this.set({ busy: null });
    if (outcome.kind === 'network') {
      this.set({
        message: this.msg('error', this.t.cancelUnreachable),
        focus: this.focusOn('message'),
      });
      return;
    }
    if (outcome.kind === 'errors') {
      this.set({ message: this.msg('error', this.requestErrorText(outcome.errors)), focus: this.focusOn('message') });
      return;
    }
    const { booking, bookingFailure } = outcome.data.updateBooking;
    if (booking) {
      const update = (b: BookingView) => (b.bookingId === bookingId ? { ...b, status: booking.status } : b);
      this.set({
        bookings: this.state.bookings.map(update),
        booking: this.state.booking && update(this.state.booking),
        message: this.msg('success', this.t.cancelled({ slot: this.describeSlot(target.slot) })),
        focus: this.focusOn(`booking:${bookingId}`),
      });
      await this.loadSlots();
      return;
    }
    const merchant = this.merchantName();
    const service = this.state.merchant?.services.find((s) => s.serviceId === target.slot.serviceId);
    let text: string;
    if (bookingFailure?.cause === 'OUTSIDE_CANCELLATION_WINDOW') {
      const window = service?.minAdvanceOnlineCancelingSec;
      text = window ? this.t.tooLateWindow({ duration: formatDuration(window, this.locale), merchant }) : this.t.tooLateStarted({ merchant });
    } else if (bookingFailure?.cause === 'BOOKING_NOT_CANCELLABLE') {
      text = this.t.notCancellable({ merchant });
    } else {
      text = this.failureText(bookingFailure);
    }
    this.set({ message: this.msg('error', text), focus: this.focusOn('message') });
  }

  /** Back from the form or an expired hold to the list of times; a live hold is given back. */
  back(): void {
    if (this.state.busy || this.state.bookingUncertain) return;
    if (this.state.phase !== 'hold' && this.state.phase !== 'expired') return;
    const hold = this.state.hold;
    const released = this.state.phase === 'hold' && hold && hold.deadlineMs > this.options.clock.nowMs();
    this.set({
      ...this.releaseHold(),
      phase: 'choose',
      message: released ? this.msg('info', this.t.holdReleased({ slot: this.describeSlot(hold.slot) })) : null,
      focus: this.focusOn('slots'),
    });
    void this.loadSlots();
  }

  /** From the confirmation to the list, to book another time. */
  bookAnother(): void {
    if (this.state.phase !== 'booked') return;
    this.set({ phase: 'choose', booking: null, selected: null, message: null, focus: this.focusOn('slots') });
    void this.loadSlots();
  }

  /**
   * A slot of this merchant changed (slotAvailabilityChanged): when it is in the list on screen, the
   * list is read again — once for a burst of changes (REFRESH_DEBOUNCE_MS). A change that arrives
   * while the list is being read (that read may predate it) gets one more read once it is done.
   */
  availabilityChanged(change: { serviceId: string; startSec: number }): void {
    const { phase, serviceId, dayKey, days } = this.state;
    const day = days.find((d) => d.key === dayKey);
    if (this.disposed || phase !== 'choose' || change.serviceId !== serviceId || !day) return;
    if (change.startSec < day.startSec || change.startSec >= day.endSec || this.refreshQueued) return;
    this.refreshQueued = true;
    void this.sleep(REFRESH_DEBOUNCE_MS).then(() => {
      this.refreshQueued = false;
      if (this.disposed || this.state.phase !== 'choose') return;
      if (this.state.slotsStatus === 'loading') this.readAgainAfterLoad = true;
      else void this.loadSlots();
    });
  }

  dispose(): void {
    if (this.state.phase === 'hold' && !this.state.busy && !this.state.bookingUncertain) this.releaseHold(true);
    this.disposed = true;
    this.stopCountdown();
    for (const handle of this.sleeps) this.options.timers.clear(handle);
    this.sleeps.clear();
    this.listeners.clear();
  }

  // ---- transitions ----------------------------------------------------------------------------------

  private async slotTaken(slot: Slot): Promise<void> {
    const ours = this.state.hold && sameSlot(this.state.hold.slot, slot);
    if (ours) this.stopCountdown();
    this.set({
      phase: 'choose',
      selected: null,
      ...(ours && { hold: null }),
      message: this.msg('error', this.t.slotTaken({ slot: this.describeSlot(slot) })),
      focus: this.focusOn('slots'),
    });
    await this.loadSlots();
  }

  private expire(text: string): void {
    this.stopCountdown();
    this.set({ phase: 'expired', secondsLeft: 0, message: this.msg('warning', text), focus: this.focusOn('expired') });
  }

  private async booked(bookingId: string, status: BookingStatus, slot: Slot): Promise<void> {
    this.stopCountdown();
    const serviceName = this.state.merchant?.services.find((s) => s.serviceId === slot.serviceId)?.name ?? slot.serviceId;
    const view: BookingView = { bookingId, status, slot, serviceName };
    const pending = status === 'PENDING_MERCHANT_CONFIRMATION';
    this.set({
      phase: 'booked',
      hold: null,
      selected: null,
      secondsLeft: 0,
      booking: view,
      bookings: [view, ...this.state.bookings.filter((b) => b.bookingId !== bookingId)],
      message: this.msg(
        'success',
        pending ? this.t.requestSent({ slot: this.describeSlot(slot), ref: bookingId }) : this.t.bookedMsg({ slot: this.describeSlot(slot), ref: bookingId }),
      ),
      focus: this.focusOn('confirmation'),
    });
    await this.loadSlots(); // the list behind the confirmation no longer offers this slot
  }

  private bookingErrors(errors: GraphqlError[]): void {
    const fieldErrors: FieldErrors = {};
    for (const error of errors) {
      const field = fieldOfPath(error.extensions?.field);
      if (field && error.extensions?.code === 'INVALID_ARGUMENT') {
        fieldErrors[field] = serverFieldMessage(error.message, error.extensions.field!);
      }
    }
    const fields = CONTACT_FIELDS.filter((f) => fieldErrors[f]);
    if (fields.length) {
      this.set({
        fieldErrors,
        message: this.msg('error', this.t.checkFields({ n: fields.length })),
        focus: this.focusOn(`field:${fields[0]}`),
      });
      return;
    }
    if (errors.some((e) => e.extensions?.code === 'NOT_FOUND') && this.state.hold) {
      // The lease is unknown or already used: the hold is gone.
      this.expire(this.t.holdInvalid({ slot: this.describeSlot(this.state.hold.slot) }));
      return;
    }
    this.set({ message: this.msg('error', this.requestErrorText(errors)), focus: this.focusOn('message') });
  }

  // ---- countdown ----------------------------------------------------------------------------------

  /** Server time → local deadline: the lease's remaining time as the server sees it, from now. */
  private deadline(expirationSec: number, sentAtMs: number, serverDateMs: number | undefined): number {
    const now = this.options.clock.nowMs();
    // The Date header is truncated to the second, so the server's "now" lies within the following
    // second: take its end, never overstating the time left. Without the header, trust the local clock.
    const serverNowMs = serverDateMs === undefined ? now : serverDateMs + 999;
    let remainingMs = expirationSec * 1000 - serverNowMs;
    // A just-granted lease cannot have ended or last longer than the server maximum: the clock is off.
    if (remainingMs <= 0 || remainingMs > (LEASE_MAX_SEC + 60) * 1000) remainingMs = LEASE_DEFAULT_SEC * 1000 - (now - sentAtMs);
    return now + Math.min(remainingMs, LEASE_MAX_SEC * 1000);
  }

  private tick = (): void => {
    this.countdownTimer = null;
    const hold = this.state.hold;
    if (!hold || this.disposed) return;
    const remainingMs = hold.deadlineMs - this.options.clock.nowMs();
    const secondsLeft = Math.ceil(remainingMs / 1000);
    if (secondsLeft <= 0) return this.holdEnded(hold);
    const before = this.state.secondsLeft;
    this.set({
      secondsLeft,
      ...(this.state.phase === 'hold' &&
        before > 60 &&
        secondsLeft <= 60 && { message: this.msg('warning', this.t.oneMinuteLeft({ time: formatCountdown(secondsLeft) })) }),
    });
    // Wake up when the shown number changes next.
    this.countdownTimer = this.options.timers.set(this.tick, remainingMs - (secondsLeft - 1) * 1000);
  };

  private holdEnded(hold: Hold): void {
    if (this.state.busy === 'book' || this.state.bookingUncertain) {
      // A booking through this lease is in flight or in doubt: only the server can tell whether it
      // went through, so the form stays (resending the same request is the way forward).
      this.set({ secondsLeft: 0 });
      return;
    }
    if (this.state.phase === 'hold') {
      this.expire(this.t.holdExpired({ slot: this.describeSlot(hold.slot) }));
    } else if (this.state.phase === 'choose') {
      this.set({ hold: null, secondsLeft: 0, message: this.msg('info', this.t.holdExpiredShort({ slot: this.describeSlot(hold.slot) })) });
    }
  }

  private stopCountdown(): void {
    if (this.countdownTimer !== null) this.options.timers.clear(this.countdownTimer);
    this.countdownTimer = null;
  }

  // ---- plumbing -----------------------------------------------------------------------------------

  /**
   * Gives the current hold back (releaseLease), fire and forget: when the request is lost the lease
   * simply runs out. `keepalive` lets it outlive a page that is being hidden or closed.
   */
  private releaseHold(keepalive = false): Partial<WidgetState> {
    const hold = this.state.hold;
    if (!hold) return {};
    this.stopCountdown();
    this.pending = null;
    if (hold.deadlineMs > this.options.clock.nowMs()) {
      void this.client.request(ReleaseLeaseMutation, { leaseId: hold.leaseId }, { keepalive }).catch(() => undefined);
    }
    // Applied by the caller with its own change, in one step: a view never sees a phase without its hold.
    return { hold: null, secondsLeft: 0, bookingUncertain: false };
  }

  /** One request, retried (identically) while it gets no answer; then its outcome. */
  private async call<V, D>(op: Operation<V, D>, variables: V): Promise<Outcome<D>> {
    for (let attempt = 0; ; attempt++) {
      let outcome: Outcome<D>;
      try {
        const response = await this.client.request(op, variables);
        if (response.errors?.length) {
          outcome = response.errors.some((e) => RETRYABLE_CODES.has(e.extensions?.code ?? ''))
            ? { kind: 'network' }
            : { kind: 'errors', errors: response.errors };
        } else if (response.data) {
          outcome = { kind: 'data', data: response.data, serverDateMs: response.serverDateMs };
        } else {
          outcome = { kind: 'network' };
        }
      } catch {
        outcome = { kind: 'network' };
      }
      if (outcome.kind !== 'network' || attempt >= this.retryDelays.length || this.disposed) return outcome;
      await this.sleep(this.retryDelays[attempt]);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.options.timers.set(() => {
        this.sleeps.delete(handle);
        resolve();
      }, ms);
      this.sleeps.add(handle);
    });
  }

  private slotInput(slot: Slot): SlotInput {
    return {
      merchantId: slot.merchantId,
      serviceId: slot.serviceId,
      startSec: slot.startSec,
      durationSec: slot.durationSec,
      resources: {
        staffId: slot.resources?.staffId ?? null,
        roomId: slot.resources?.roomId ?? null,
        ...(this.partySize !== 1 && { partySize: this.partySize }),
      },
    };
  }

  private failureText(failure: BookingFailure | null): string {
    switch (failure?.cause) {
      case 'SLOT_UNAVAILABLE':
        return this.t.timeTaken;
      case 'LEASE_EXPIRED':
        return this.t.holdExpiredGeneric;
      default:
        return this.t.refused({ merchant: this.merchantName(), reason: failure?.description ?? undefined });
    }
  }

  private requestErrorText(errors: GraphqlError[]): string {
    const code = errors[0]?.extensions?.code;
    const merchant = this.merchantName();
    if (code === 'UNAUTHENTICATED' || code === 'PERMISSION_DENIED') return this.t.badApiKey({ merchant });
    if (code === 'RESOURCE_EXHAUSTED') return this.t.serviceBusy;
    return this.t.requestFailed({ error: errors[0]?.message ?? this.t.unknownError, merchant });
  }

  private merchantName(): string {
    return this.state.merchant?.name ?? this.t.theBusiness;
  }

  private msg(tone: Tone, text: string): Message {
    return { tone, text, seq: ++this.messageSeq };
  }

  private focusOn(target: string): FocusRequest {
    return { target, seq: ++this.focusSeq };
  }

  private set(patch: Partial<WidgetState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}

export { formatCountdown };
export type { FetchLike };
