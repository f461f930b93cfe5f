// The widget's booking flow, driven in node with a scripted network and a manual clock.
import {
  bookingFailure,
  booked,
  CONTACT,
  fillContact,
  holdFirstSlot,
  JAN2_0900,
  lease,
  leaseFailure,
  MERCHANT,
  open,
  rig,
  settle,
  slot,
  T0_MS,
  T0_SEC,
} from './harness';

describe('loading the merchant', () => {
  it('offers the merchant’s services and the rest of this month in its time zone, today first', async () => {
    const r = rig();
    await r.machine.start();
    const state = r.machine.getState();
    expect(state.phase).toBe('choose');
    expect(state.merchant?.name).toBe('Demo Salon & Studio');
    expect(state.days).toHaveLength(31); // January 2030, from the 1st (today)
    // T0 is 01:00 on Jan 1 in Zurich; the day runs 00:00–24:00 CET (UTC+1).
    expect(state.days[0]).toEqual({ key: '2030-01-01', startSec: T0_SEC - 3600, endSec: T0_SEC - 3600 + 86400 });
    expect(state.days[30].key).toBe('2030-01-31');
  });

  it('asks once which days have openings, preselects the first, then asks for the day chosen', async () => {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    const [range, first] = r.net.calls('WidgetAvailableSlots');
    // One call for the whole month on screen (not one per day), from now on.
    expect(range.variables).toEqual({ merchantId: 'demo-salon', serviceId: 'haircut', startSecFrom: T0_SEC, startSecTo: T0_SEC - 3600 + 31 * 86400, partySize: 1 });
    // Today has nothing left: the first day with openings is preselected and read.
    expect(r.machine.getState()).toMatchObject({ openDays: ['2030-01-02'], dayKey: '2030-01-02' });
    expect(first.variables).toMatchObject({ startSecFrom: T0_SEC - 3600 + 86400, startSecTo: T0_SEC - 3600 + 2 * 86400 });
    await r.machine.selectDay('2030-01-01');
    expect(r.net.calls('WidgetAvailableSlots')[2].variables).toEqual({
      merchantId: 'demo-salon',
      serviceId: 'haircut',
      startSecFrom: T0_SEC, // today: not before now
      startSecTo: T0_SEC - 3600 + 86400,
      partySize: 1,
    });
    expect(r.machine.nextOpenDay()).toBe('2030-01-02');
    await r.machine.selectDay('2030-01-02');
    expect(r.net.calls('WidgetAvailableSlots')[3].variables).toMatchObject({ startSecFrom: T0_SEC - 3600 + 86400, startSecTo: T0_SEC - 3600 + 2 * 86400 });
    expect(r.machine.getState().slots.map((s) => s.slot.startSec)).toEqual([JAN2_0900, JAN2_0900 + 1800]);
  });

  it('sends content-type application/json POSTs, with the bearer key only when one is set', async () => {
    const withKey = rig({ apiKey: 'wk_secret_1' });
    await withKey.machine.start();
    expect(withKey.net.requests[0].headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer wk_secret_1' });
    expect(withKey.net.requests[0].url).toBe('https://gateway.test/graphql');
    const without = rig();
    await without.machine.start();
    expect(without.net.requests[0].headers.authorization).toBeUndefined();
  });

  it('server unreachable: retries, then says so and offers to try again', async () => {
    const r = rig();
    r.net.once('WidgetMerchant', 'network-error').once('WidgetMerchant', 'network-error').once('WidgetMerchant', 'network-error');
    const started = r.machine.start();
    await r.time.advance(1000); // first automatic retry
    await r.time.advance(3000); // second
    await started;
    expect(r.net.calls('WidgetMerchant')).toHaveLength(3);
    expect(r.machine.getState().phase).toBe('unavailable');
    expect(r.machine.getState().message).toMatchObject({ tone: 'error', text: expect.stringMatching(/can't reach the booking service/) });
    await r.machine.start(); // the way forward: "Try again" (the network is back)
    expect(r.machine.getState().phase).toBe('choose');
  });

  it('an unknown merchant or a refused key gets a human message', async () => {
    const unknown = rig();
    unknown.net.once('WidgetMerchant', { data: { merchant: null } });
    await unknown.machine.start();
    expect(unknown.machine.getState()).toMatchObject({ phase: 'unavailable', message: { text: expect.stringMatching(/No business with the id “demo-salon”/) } });
    const refused = rig();
    refused.net.once('WidgetMerchant', { errors: [{ message: 'unknown API key', extensions: { code: 'UNAUTHENTICATED' } }] });
    await refused.machine.start();
    expect(refused.machine.getState().message?.text).toMatch(/not set up correctly/);
  });

  it('an HTTP error page without a GraphQL body counts as unreachable, not as data', async () => {
    const r = rig({ retryDelaysMs: [] });
    r.net.once('WidgetMerchant', { status: 502, text: '"<html>bad gateway</html>"' });
    await r.machine.start();
    expect(r.machine.getState().phase).toBe('unavailable');
  });
});

describe('holding a slot', () => {
  it('hold → countdown → expiry, then offers to hold it again', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    const hold = r.net.calls('WidgetHold')[0].variables;
    expect(hold).toEqual({
      lease: {
        slot: { merchantId: 'demo-salon', serviceId: 'haircut', startSec: JAN2_0900, durationSec: 1800, resources: { staffId: 'alex', roomId: null } },
        userReference: 'id-1', // a random id per hold
      },
    });
    let state = r.machine.getState();
    expect(state.phase).toBe('hold');
    expect(state.hold).toMatchObject({ leaseId: 'lease-1', deadlineMs: T0_MS + 600_000 });
    expect(state.secondsLeft).toBe(600);
    expect(state.focus?.target).toBe('form');

    await r.time.advance(1000);
    expect(r.machine.getState().secondsLeft).toBe(599);
    await r.time.advance(539_000);
    expect(r.machine.getState()).toMatchObject({ secondsLeft: 60, message: { tone: 'warning', text: expect.stringMatching(/One minute left/) } });
    await r.time.advance(59_000);
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', secondsLeft: 1 });
    await r.time.advance(1000);
    state = r.machine.getState();
    expect(state.phase).toBe('expired');
    expect(state.secondsLeft).toBe(0);
    expect(state.message).toMatchObject({ tone: 'warning', text: expect.stringMatching(/hold on 09:00 with alex on Wed 2 Jan has expired/) });
    expect(state.focus?.target).toBe('expired');
    expect(r.time.pendingTimers).toBe(0); // the countdown stopped

    // The way forward: hold it again, with a new lease and a new userReference.
    r.net.once('WidgetHold', (v) => lease(s, 'lease-2', T0_SEC + 600 + 600, v.lease.userReference));
    await r.machine.rehold();
    state = r.machine.getState();
    expect(state.phase).toBe('hold');
    expect(state.hold?.leaseId).toBe('lease-2');
    expect(r.net.calls('WidgetHold')[1].variables.lease.userReference).toBe('id-2');
    expect(state.secondsLeft).toBe(600);
  });

  it('keeps the contact details typed before the hold expired', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    fillContact(r);
    await r.time.advance(600_000);
    expect(r.machine.getState().phase).toBe('expired');
    r.net.once('WidgetHold', lease(s, 'lease-2', T0_SEC + 1200));
    await r.machine.rehold();
    expect(r.machine.getState().contact).toEqual(CONTACT);
  });

  it('SLOT_UNAVAILABLE from createLease: "just taken", and a refreshed list without the slot', async () => {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    await r.machine.selectDay('2030-01-02');
    const taken = r.machine.getState().slots[0].slot;
    r.net.once('WidgetHold', leaseFailure('SLOT_UNAVAILABLE'));
    r.net.once('WidgetAvailableSlots', { data: { availableSlots: [open(slot(JAN2_0900 + 1800))] } });
    const listsBefore = r.net.calls('WidgetAvailableSlots').length;
    await r.machine.hold(taken);
    const state = r.machine.getState();
    expect(state.phase).toBe('choose');
    expect(state.hold).toBeNull();
    expect(state.message).toMatchObject({ tone: 'error', text: expect.stringMatching(/09:00 with alex on Wed 2 Jan was just taken/) });
    expect(r.net.calls('WidgetAvailableSlots')).toHaveLength(listsBefore + 1);
    expect(state.slots.map((x) => x.slot.startSec)).toEqual([JAN2_0900 + 1800]);
    expect(state.focus?.target).toBe('slots');
  });

  it('a lost createLease answer is retried with the same userReference (so it cannot hold twice)', async () => {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    const s = slot(JAN2_0900);
    r.net.once('WidgetHold', 'network-error');
    r.net.once('WidgetHold', (v) => lease(s, 'lease-1', T0_SEC + 600, v.lease.userReference));
    const holding = r.machine.hold(s);
    expect(r.machine.getState().busy).toBe('hold');
    await r.time.advance(1000);
    await holding;
    const [first, second] = r.net.calls('WidgetHold');
    expect(second.body).toBe(first.body);
    expect(r.machine.getState().phase).toBe('hold');
  });

  it('uses the server’s clock (Date header) for the countdown when the local clock is off', async () => {
    const r = rig();
    // The local clock is 5 minutes fast: the server's "now" is T0 − 300 s.
    r.net.dateHeader = new Date(T0_MS - 300_000).toUTCString();
    await holdFirstSlot(r, T0_SEC - 300 + 600);
    expect(r.machine.getState().secondsLeft).toBe(600);
  });

  it('going back gives the hold back (releaseLease) and says so; Continue holds the same time again', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    r.net.always('WidgetRelease', { data: { releaseLease: { lease: { leaseId: 'lease-1' } } } });
    r.machine.back();
    await settle();
    expect(r.net.calls('WidgetRelease').map((c) => [c.variables, c.keepalive])).toEqual([[{ leaseId: 'lease-1' }, false]]);
    expect(r.machine.getState()).toMatchObject({ phase: 'choose', hold: null, selected: s, message: { text: expect.stringMatching(/released your hold/) } });
    expect(r.time.pendingTimers).toBe(0); // no countdown any more
    r.net.once('WidgetHold', (v) => lease(s, 'lease-2', T0_SEC + 600, v.lease.userReference));
    await r.machine.continueWithSelected();
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', hold: { leaseId: 'lease-2' } });
  });
});

describe('the calendar', () => {
  it('shows another month with one availableSlots call for it, choosing its first day with openings', async () => {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    const FEB3_0900 = Date.UTC(2030, 1, 3, 8, 0) / 1000;
    r.net.once('WidgetAvailableSlots', { data: { availableSlots: [open(slot(FEB3_0900))] } });
    r.net.once('WidgetAvailableSlots', { data: { availableSlots: [open(slot(FEB3_0900))] } });
    await r.machine.showMonth(1);
    const state = r.machine.getState();
    expect(state.days.map((d) => d.key)).toEqual(Array.from({ length: 28 }, (_, i) => `2030-02-${String(i + 1).padStart(2, '0')}`));
    const calls = r.net.calls('WidgetAvailableSlots');
    expect(calls.at(-2)!.variables).toMatchObject({ startSecFrom: Date.UTC(2030, 0, 31, 23) / 1000, startSecTo: Date.UTC(2030, 1, 28, 23) / 1000 });
    expect(state).toMatchObject({ monthOffset: 1, openDays: ['2030-02-03'], dayKey: '2030-02-03' });
    expect(state.slots.map((s) => s.slot.startSec)).toEqual([FEB3_0900]);
    await r.machine.showMonth(-1); // before this month: nothing
    await r.machine.showMonth(12); // beyond the months offered
    expect(r.machine.getState().monthOffset).toBe(1);
  });
});

describe('answers out of order', () => {
  it("applies a month's open days only while that month is on screen", async () => {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    let answerFeb!: () => void;
    r.net.once('WidgetAvailableSlots', () => new Promise((resolve) => (answerFeb = () => resolve({ data: { availableSlots: [open(slot(Date.UTC(2030, 1, 3, 8) / 1000))] } }))));
    r.net.once('WidgetAvailableSlots', { data: { availableSlots: [open(slot(Date.UTC(2030, 2, 5, 8) / 1000))] } });
    const feb = r.machine.showMonth(1);
    await settle();
    // busy is null: a second month while the first is still out (February's answer comes last)
    const mar = r.machine.showMonth(2);
    await mar;
    answerFeb();
    await feb;
    expect(r.machine.getState()).toMatchObject({ monthOffset: 2, openDays: ['2030-03-05'], dayKey: '2030-03-05' });
  });

  it('ignores a day or service change while a time is being held, and a lease granted while the page is hidden goes back', async () => {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    await r.machine.selectDay('2030-01-02');
    const s = r.machine.getState().slots[0].slot;
    r.net.always('WidgetRelease', (v) => ({ data: { releaseLease: { lease: { leaseId: v.leaseId } } } }));
    let grant!: () => void;
    r.net.once('WidgetHold', (v) => new Promise((resolve) => (grant = () => resolve(lease(s, 'lease-1', T0_SEC + 600, v.lease.userReference)))));
    r.machine.select(s);
    const holding = r.machine.continueWithSelected();
    await settle();
    await r.machine.selectDay('2030-01-03'); // busy: ignored
    expect(r.machine.getState().dayKey).toBe('2030-01-02');
    r.machine.pageHidden();
    grant();
    await holding;
    await settle();
    expect(r.net.calls('WidgetRelease').map((c) => [c.variables.leaseId, c.keepalive])).toEqual([['lease-1', true]]);
    expect(r.machine.getState()).toMatchObject({ phase: 'choose', hold: null, selected: s });
    r.net.once('WidgetHold', (v) => lease(s, 'lease-2', T0_SEC + 600, v.lease.userReference));
    await r.machine.pageShown();
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', hold: { leaseId: 'lease-2' } });
  });
});

describe('live refresh (slotAvailabilityChanged)', () => {
  async function onJan2() {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    await r.machine.selectDay('2030-01-02');
    return r;
  }

  it('reads the list again once for a burst of changes on the day on screen, and ignores other days', async () => {
    const r = await onJan2();
    const before = r.net.calls('WidgetAvailableSlots').length;
    for (let i = 0; i < 5; i++) r.machine.availabilityChanged({ serviceId: 'haircut', startSec: JAN2_0900 });
    r.machine.availabilityChanged({ serviceId: 'haircut', startSec: JAN2_0900 + 86_400 }); // another day
    r.machine.availabilityChanged({ serviceId: 'consultation', startSec: JAN2_0900 }); // another service
    await r.time.advance(300);
    expect(r.net.calls('WidgetAvailableSlots').length).toBe(before + 1);
  });

  it('reads once more when a change arrives while the list is being read', async () => {
    const r = await onJan2();
    const before = r.net.calls('WidgetAvailableSlots').length;
    let answer!: () => void;
    r.net.once('WidgetAvailableSlots', () => new Promise((resolve) => (answer = () => resolve({ data: { availableSlots: [] } }))));
    const loading = r.machine.loadSlots(); // a read that may predate the change
    r.machine.availabilityChanged({ serviceId: 'haircut', startSec: JAN2_0900 });
    await r.time.advance(300); // the debounce ends while the read is still out
    expect(r.net.calls('WidgetAvailableSlots').length).toBe(before + 1);
    answer();
    await loading;
    await r.time.advance(0);
    expect(r.net.calls('WidgetAvailableSlots').length).toBe(before + 2);
    expect(r.machine.getState().slots).toHaveLength(2); // the second read's answer
  });
});

describe('honest holds', () => {
  async function listed() {
    const r = rig();
    await r.machine.start();
    await r.machine.selectService('haircut');
    await r.machine.selectDay('2030-01-02');
    r.net.always('WidgetRelease', (v) => ({ data: { releaseLease: { lease: { leaseId: v.leaseId } } } }));
    return r;
  }

  it('choosing a time holds nothing; Continue does', async () => {
    const r = await listed();
    const [first, second] = r.machine.getState().slots.map((s) => s.slot);
    r.machine.select(first);
    r.machine.select(second);
    expect(r.net.calls('WidgetHold')).toHaveLength(0);
    expect(r.machine.getState()).toMatchObject({ phase: 'choose', selected: second, hold: null, focus: { target: 'continue' } });
    r.net.once('WidgetHold', (v) => lease(second, 'lease-1', T0_SEC + 600, v.lease.userReference));
    await r.machine.continueWithSelected();
    expect(r.net.calls('WidgetHold')).toHaveLength(1);
    expect(r.net.calls('WidgetHold')[0].variables.lease.slot.startSec).toBe(second.startSec);
    expect(r.machine.getState().phase).toBe('hold');
  });

  it('another day or service gives a hold back', async () => {
    const r = await listed();
    const s = r.machine.getState().slots[0].slot;
    r.net.once('WidgetHold', (v) => lease(s, 'lease-1', T0_SEC + 600, v.lease.userReference));
    await r.machine.continueWithSelected(); // nothing chosen: nothing happens
    expect(r.net.calls('WidgetHold')).toHaveLength(0);
    r.machine.select(s);
    await r.machine.continueWithSelected();
    r.machine.back();
    await settle();
    await r.machine.selectDay('2030-01-03');
    expect(r.net.calls('WidgetRelease')).toHaveLength(1); // back released it; nothing left to release
    expect(r.machine.getState()).toMatchObject({ selected: null, hold: null });
  });

  it('a hidden page gives the hold back with keepalive, and takes it again on return', async () => {
    const r = await listed();
    const s = r.machine.getState().slots[0].slot;
    r.machine.select(s);
    r.net.once('WidgetHold', (v) => lease(s, 'lease-1', T0_SEC + 600, v.lease.userReference));
    await r.machine.continueWithSelected();
    fillContact(r);
    r.machine.pageHidden();
    await settle();
    expect(r.net.calls('WidgetRelease').map((c) => [c.variables.leaseId, c.keepalive])).toEqual([['lease-1', true]]);
    expect(r.machine.getState()).toMatchObject({ phase: 'choose', hold: null, selected: s });
    r.net.once('WidgetHold', (v) => lease(s, 'lease-2', T0_SEC + 600, v.lease.userReference));
    await r.machine.pageShown();
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', hold: { leaseId: 'lease-2' }, contact: CONTACT });
    await r.machine.pageShown(); // once only
    expect(r.net.calls('WidgetHold')).toHaveLength(2);
  });

  it('keeps the hold while a booking through it is in flight or in doubt', async () => {
    const r = await listed();
    const s = r.machine.getState().slots[0].slot;
    r.machine.select(s);
    r.net.once('WidgetHold', (v) => lease(s, 'lease-1', T0_SEC + 600, v.lease.userReference));
    await r.machine.continueWithSelected();
    fillContact(r);
    r.net.once('WidgetBook', 'network-error').once('WidgetBook', 'network-error').once('WidgetBook', 'network-error');
    const submitting = r.machine.submit();
    r.machine.pageHidden(); // busy: kept
    await r.time.advance(5000);
    await submitting;
    expect(r.machine.getState().bookingUncertain).toBe(true);
    r.machine.pageHidden(); // in doubt: kept
    r.machine.back(); // ignored while in doubt
    expect(r.net.calls('WidgetRelease')).toHaveLength(0);
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', hold: { leaseId: 'lease-1' } });
  });

  it('says how long a short hold lasts in seconds', async () => {
    const r = await listed();
    const s = r.machine.getState().slots[0].slot;
    r.machine.select(s);
    r.net.once('WidgetHold', (v) => lease(s, 'lease-1', T0_SEC + 45, v.lease.userReference));
    await r.machine.continueWithSelected();
    expect(r.machine.getState().message?.text).toMatch(/held for you for 45 seconds/);
  });
});

describe('booking', () => {
  it('books through the lease with the user’s details (trimmed) and a client token; confirms with the reference', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', booked(s, 'booking-1'));
    await r.machine.submit();
    expect(r.net.calls('WidgetBook')[0].variables).toEqual({
      input: {
        slot: { merchantId: 'demo-salon', serviceId: 'haircut', startSec: JAN2_0900, durationSec: 1800, resources: { staffId: 'alex', roomId: null } },
        leaseRef: { leaseId: 'lease-1' },
        userInformation: { userId: 'web-user-1', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', telephone: '+41 44 668 18 00' },
        idempotencyToken: 'id-2',
      },
    });
    const state = r.machine.getState();
    expect(state.phase).toBe('booked');
    expect(state.booking).toMatchObject({ bookingId: 'booking-1', status: 'CONFIRMED', serviceName: 'Haircut' });
    expect(state.bookings).toHaveLength(1);
    expect(state.message).toMatchObject({ tone: 'success', text: expect.stringMatching(/Your reference is booking-1/) });
    expect(state.focus?.target).toBe('confirmation');
    expect(r.time.pendingTimers).toBe(0); // no countdown after booking
  });

  it('network failure: the retry sends the identical request with the SAME idempotency token', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', 'network-error');
    r.net.once('WidgetBook', { errors: [{ message: 'concurrent duplicate', extensions: { code: 'ABORTED' } }] });
    r.net.once('WidgetBook', booked(s, 'booking-1'));
    const booking = r.machine.submit();
    await r.time.advance(1000);
    await r.time.advance(3000);
    await booking;
    const calls = r.net.calls('WidgetBook');
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.variables.input.idempotencyToken))).toEqual(new Set(['id-2']));
    expect(calls[1].body).toBe(calls[0].body);
    expect(calls[2].body).toBe(calls[0].body);
    expect(r.machine.getState().phase).toBe('booked');
  });

  it('when every automatic retry fails, "Try again" resends the same token and the details cannot change meanwhile', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    fillContact(r);
    for (let i = 0; i < 3; i++) r.net.once('WidgetBook', 'network-error');
    const booking = r.machine.submit();
    await r.time.advance(4000);
    await booking;
    let state = r.machine.getState();
    expect(state.phase).toBe('hold');
    expect(state.bookingUncertain).toBe(true);
    expect(state.message?.text).toMatch(/don't know yet whether your booking went through.*never books twice/);
    expect(state.focus?.target).toBe('submit');

    r.machine.setField('email', 'other@example.com'); // ignored: the request in doubt must stay the same
    r.machine.back(); // ignored too
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', contact: { email: 'ada@example.com' } });

    r.net.once('WidgetBook', booked(s, 'booking-1'));
    await r.machine.submit();
    const calls = r.net.calls('WidgetBook');
    expect(calls).toHaveLength(4);
    expect(calls[3].body).toBe(calls[0].body);
    state = r.machine.getState();
    expect(state).toMatchObject({ phase: 'booked', bookingUncertain: false, booking: { bookingId: 'booking-1' } });
  });

  it('a countdown reaching 0 while the booking is in doubt does not open a second attempt', async () => {
    const r = rig();
    const s = await holdFirstSlot(r, T0_SEC + 10);
    fillContact(r);
    for (let i = 0; i < 3; i++) r.net.once('WidgetBook', 'network-error');
    const booking = r.machine.submit();
    await r.time.advance(4000);
    await booking;
    await r.time.advance(10_000);
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', bookingUncertain: true, secondsLeft: 0 });
    // The server already booked it (the first answer was lost): the same token returns that booking.
    r.net.once('WidgetBook', booked(s, 'booking-1'));
    await r.machine.submit();
    expect(r.machine.getState().phase).toBe('booked');
    expect(new Set(r.net.calls('WidgetBook').map((c) => c.variables.input.idempotencyToken)).size).toBe(1);
  });

  it('SLOT_UNAVAILABLE from createBooking: back to a refreshed list with the message, countdown stopped', async () => {
    const r = rig();
    await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', bookingFailure('SLOT_UNAVAILABLE'));
    r.net.once('WidgetAvailableSlots', { data: { availableSlots: [open(slot(JAN2_0900 + 1800))] } });
    await r.machine.submit();
    const state = r.machine.getState();
    expect(state).toMatchObject({ phase: 'choose', hold: null, message: { tone: 'error', text: expect.stringMatching(/was just taken/) } });
    expect(state.slots.map((x) => x.slot.startSec)).toEqual([JAN2_0900 + 1800]);
    expect(r.time.pendingTimers).toBe(0);
  });

  it('LEASE_EXPIRED from createBooking: offers to hold again, then books with the new lease and a new token', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', bookingFailure('LEASE_EXPIRED'));
    await r.machine.submit();
    expect(r.machine.getState()).toMatchObject({ phase: 'expired', message: { text: expect.stringMatching(/expired before the booking went through/) } });
    expect(r.time.pendingTimers).toBe(0);

    r.net.once('WidgetHold', (v) => lease(s, 'lease-2', T0_SEC + 600, v.lease.userReference));
    await r.machine.rehold();
    expect(r.machine.getState()).toMatchObject({ phase: 'hold', hold: { leaseId: 'lease-2' }, contact: CONTACT });
    r.net.once('WidgetBook', booked(s, 'booking-1'));
    await r.machine.submit();
    const [first, second] = r.net.calls('WidgetBook');
    expect(second.variables.input.leaseRef).toEqual({ leaseId: 'lease-2' });
    expect(second.variables.input.idempotencyToken).not.toBe(first.variables.input.idempotencyToken);
    expect(r.machine.getState().phase).toBe('booked');
  });

  it('LEASE_EXPIRED, then the slot is gone when holding again: "just taken" and the list', async () => {
    const r = rig();
    await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', bookingFailure('LEASE_EXPIRED'));
    await r.machine.submit();
    r.net.once('WidgetHold', leaseFailure('SLOT_UNAVAILABLE'));
    await r.machine.rehold();
    expect(r.machine.getState()).toMatchObject({ phase: 'choose', hold: null, message: { text: expect.stringMatching(/just taken/) } });
  });

  it('a lease the server no longer knows (NOT_FOUND) is treated as an expired hold', async () => {
    const r = rig();
    await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', {
      errors: [{ message: 'input.leaseRef.leaseId: unknown or already used lease', extensions: { code: 'NOT_FOUND', field: 'input.leaseRef.leaseId' } }],
    });
    await r.machine.submit();
    expect(r.machine.getState()).toMatchObject({ phase: 'expired', message: { text: expect.stringMatching(/no longer valid/) } });
  });

  it('a pending (asynchronous) booking says the request is sent and the salon will confirm', async () => {
    const r = rig();
    const s = await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', booked(s, 'booking-9', 'PENDING_MERCHANT_CONFIRMATION'));
    await r.machine.submit();
    expect(r.machine.getState()).toMatchObject({
      phase: 'booked',
      booking: { status: 'PENDING_MERCHANT_CONFIRMATION' },
      message: { text: expect.stringMatching(/Request sent .*the salon will confirm/) },
    });
  });
});

describe('field errors', () => {
  it('client-side: nothing is sent, each invalid field gets its message, focus goes to the first', async () => {
    const r = rig();
    await holdFirstSlot(r);
    fillContact(r, { givenName: '   ', familyName: 'x'.repeat(41), email: 'ada@example', telephone: '12-34' });
    await r.machine.submit();
    expect(r.net.calls('WidgetBook')).toHaveLength(0);
    const state = r.machine.getState();
    expect(state.fieldErrors).toEqual({
      givenName: 'Enter your first name.',
      familyName: 'Use at most 40 characters.',
      email: 'Enter an e-mail address like name@example.com.',
      telephone: expect.stringMatching(/6–20 digits/),
    });
    expect(state.focus?.target).toBe('field:givenName');
    expect(state.message?.text).toBe('Please check the 4 highlighted fields.');
    r.machine.setField('givenName', 'Ada'); // editing a field clears its error
    expect(Object.keys(r.machine.getState().fieldErrors)).toEqual(['familyName', 'email', 'telephone']);
  });

  it('server INVALID_ARGUMENT with extensions.field input.userInformation.<field> lands at that field', async () => {
    const r = rig();
    await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', {
      errors: [
        {
          message: 'input.userInformation.email: must be an e-mail address like name@example.com',
          extensions: { code: 'INVALID_ARGUMENT', field: 'input.userInformation.email' },
        },
      ],
    });
    await r.machine.submit();
    let state = r.machine.getState();
    expect(state.phase).toBe('hold');
    expect(state.fieldErrors).toEqual({ email: 'Must be an e-mail address like name@example.com.' });
    expect(state.focus?.target).toBe('field:email');

    // The outcome was known (an error), so the corrected request is a new one with a new token.
    r.machine.setField('email', 'ada@example.org');
    expect(r.machine.getState().fieldErrors).toEqual({});
    r.net.once('WidgetBook', booked(slot(JAN2_0900), 'booking-1'));
    await r.machine.submit();
    const [first, second] = r.net.calls('WidgetBook');
    expect(second.variables.input.userInformation.email).toBe('ada@example.org');
    expect(second.variables.input.idempotencyToken).not.toBe(first.variables.input.idempotencyToken);
  });

  it('a request error on another field is a general message, not a field error', async () => {
    const r = rig();
    await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', {
      errors: [{ message: 'input.slot: does not match the lease', extensions: { code: 'INVALID_ARGUMENT', field: 'input.slot' } }],
    });
    await r.machine.submit();
    expect(r.machine.getState()).toMatchObject({ fieldErrors: {}, message: { tone: 'error', text: expect.stringMatching(/does not match the lease/) } });
  });
});

describe('cancelling', () => {
  async function bookOne() {
    const r = rig();
    const s = await holdFirstSlot(r);
    fillContact(r);
    r.net.once('WidgetBook', booked(s, 'booking-1'));
    await r.machine.submit();
    return r;
  }

  it('asks before cancelling: nothing is sent until yes; "keep booking" goes back', async () => {
    const r = await bookOne();
    r.machine.askCancel('booking-1');
    expect(r.machine.getState()).toMatchObject({ confirmCancel: 'booking-1', focus: { target: 'confirm-cancel:booking-1' } });
    r.machine.keepBooking();
    expect(r.machine.getState()).toMatchObject({ confirmCancel: null, focus: { target: 'cancel:booking-1' } });
    expect(r.net.calls('WidgetCancel')).toHaveLength(0);
    r.machine.askCancel('booking-1');
    r.net.once('WidgetCancel', { data: { updateBooking: { booking: { bookingId: 'booking-1', status: 'CANCELED' }, bookingFailure: null } } });
    await r.machine.cancel('booking-1');
    expect(r.machine.getState()).toMatchObject({ confirmCancel: null, booking: { status: 'CANCELED' } });
  });

  it('cancels with updateBooking status CANCELED and refreshes the list', async () => {
    const r = await bookOne();
    const lists = r.net.calls('WidgetAvailableSlots').length;
    r.net.once('WidgetCancel', { data: { updateBooking: { booking: { bookingId: 'booking-1', status: 'CANCELED' }, bookingFailure: null } } });
    await r.machine.cancel('booking-1');
    expect(r.net.calls('WidgetCancel')[0].variables).toEqual({ bookingId: 'booking-1' });
    expect(r.machine.getState()).toMatchObject({
      booking: { status: 'CANCELED' },
      bookings: [{ status: 'CANCELED' }],
      message: { tone: 'success', text: expect.stringMatching(/is cancelled/) },
    });
    expect(r.net.calls('WidgetAvailableSlots').length).toBe(lists + 1);
  });

  it('OUTSIDE_CANCELLATION_WINDOW: says until when it could be cancelled and to contact the salon', async () => {
    const r = await bookOne();
    r.net.once('WidgetCancel', { data: { updateBooking: { booking: null, bookingFailure: { cause: 'OUTSIDE_CANCELLATION_WINDOW', description: null } } } });
    await r.machine.cancel('booking-1');
    expect(r.machine.getState()).toMatchObject({
      booking: { status: 'CONFIRMED' },
      message: { tone: 'error', text: `It is too late to cancel online: this booking could be cancelled up to 1 hour before it starts. Please contact ${MERCHANT.name} directly.` },
    });
  });

  it('server unreachable while cancelling: the booking stays and cancelling can be tried again', async () => {
    const r = await bookOne();
    for (let i = 0; i < 3; i++) r.net.once('WidgetCancel', 'network-error');
    const cancelling = r.machine.cancel('booking-1');
    await r.time.advance(4000);
    await cancelling;
    expect(r.machine.getState()).toMatchObject({ busy: null, booking: { status: 'CONFIRMED' }, message: { text: expect.stringMatching(/not cancelled yet/) } });
  });

  it('book another time: back to the list, the booking stays listed for cancelling', async () => {
    const r = await bookOne();
    r.machine.bookAnother();
    expect(r.machine.getState()).toMatchObject({ phase: 'choose', booking: null, bookings: [{ bookingId: 'booking-1' }] });
  });
});

describe('disposal', () => {
  it('stops every timer when the element goes away, giving the hold back', async () => {
    const r = rig();
    await holdFirstSlot(r);
    r.net.once('WidgetRelease', { data: { releaseLease: { lease: { leaseId: 'lease-1' } } } });
    expect(r.time.pendingTimers).toBe(1);
    r.machine.dispose();
    await settle(); // the release's own timeout timer ends with it
    expect(r.time.pendingTimers).toBe(0);
    expect(r.net.calls('WidgetRelease').map((c) => c.keepalive)).toEqual([true]);
  });
});
