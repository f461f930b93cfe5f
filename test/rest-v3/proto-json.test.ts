// The proto3 JSON mapping of the Booking Server face: both name spellings in, int64 as number or
// string, enums by name or number, wrong types refused naming the field in proto names; out: proto
// names, int64 as strings, unset fields omitted.
import { DomainError } from '../../src/domain/errors';
import * as m from '../../src/rest-v3/messages';
import { decode, encode, lowerCamel } from '../../src/rest-v3/proto-json';

function refusal(fn: () => unknown): { field: string | undefined; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_ARGUMENT');
    return { field: (error as DomainError).field, message: (error as DomainError).message };
  }
  throw new Error('expected a refusal');
}

describe('decode', () => {
  it('reads proto names and lowerCamelCase alike into the engine’s names', () => {
    const snake = decode(m.CreateBookingRequest, { slot: { merchant_id: 'm', start_sec: '1800', resources: { party_size: 2 } }, idempotency_token: 't' });
    const camel = decode(m.CreateBookingRequest, { slot: { merchantId: 'm', startSec: 1800, resources: { partySize: 2 } }, idempotencyToken: 't' });
    expect(snake).toEqual({ slot: { merchantId: 'm', startSec: 1800, resources: { partySize: 2 } }, idempotencyToken: 't' });
    expect(camel).toEqual(snake);
    expect(lowerCamel('slot_time_availability')).toBe('slotTimeAvailability');
  });

  it('reads int64 as a number or a decimal string, and refuses anything else naming the field', () => {
    const startOf = (v: unknown) => (decode(m.CheckAvailabilityRequest, { slot: { start_sec: v } }).slot as { startSec: number }).startSec;
    expect([startOf('1606467600'), startOf(1606467600), startOf('-5'), startOf('0'), startOf('007')]).toEqual([1606467600, 1606467600, -5, 0, 7]);
    for (const bad of ['1.5', '1e3', ' 1', '+1', '0x10', '', '-', 1.5, true, {}, []]) {
      expect(refusal(() => startOf(bad)).field).toBe('slot.start_sec');
    }
    expect(refusal(() => startOf('9007199254740992')).message).toContain('within');
    expect(refusal(() => decode(m.CheckAvailabilityRequest, { slot: { resources: { party_size: 2 ** 31 } } })).field).toBe('slot.resources.party_size');
  });

  it('reads enums by name or by proto number; an unknown value is refused naming the field and the values', () => {
    const modeOf = (v: unknown) => (decode(m.CheckAvailabilityRequest, { slot: { confirmation_mode: v } }).slot as { confirmationMode: string }).confirmationMode;
    expect(modeOf('CONFIRMATION_MODE_ASYNCHRONOUS')).toBe('CONFIRMATION_MODE_ASYNCHRONOUS');
    expect(modeOf(1)).toBe('CONFIRMATION_MODE_SYNCHRONOUS');
    const bad = refusal(() => modeOf('ASYNC'));
    expect(bad.field).toBe('slot.confirmation_mode');
    expect(bad.message).toContain('CONFIRMATION_MODE_SYNCHRONOUS');
    expect(refusal(() => modeOf(3)).field).toBe('slot.confirmation_mode');
  });

  it('names list elements by index, treats null as unset, ignores unknown fields, refuses a field given twice', () => {
    expect(refusal(() => decode(m.BatchAvailabilityLookupRequest, { slot_time: [{ start_sec: 1 }, { start_sec: 'x' }] })).field).toBe('slot_time[1].start_sec');
    expect(refusal(() => decode(m.BatchAvailabilityLookupRequest, { slot_time: {} })).field).toBe('slot_time');
    expect(refusal(() => decode(m.BatchAvailabilityLookupRequest, { slot_time: [null] })).field).toBe('slot_time[0]');
    expect(decode(m.CreateBookingRequest, { slot: null, lease_ref: null, deal_id: 'x', future_field: { a: 1 } })).toEqual({});
    expect(refusal(() => decode(m.CheckAvailabilityRequest, { slot: { start_sec: 1, startSec: 2 } })).field).toBe('slot.start_sec');
    expect(refusal(() => decode(m.CheckAvailabilityRequest, { slot: 'today' })).field).toBe('slot');
    expect(refusal(() => decode(m.CheckAvailabilityRequest, [])).field).toBe('body');
  });

  it('reads v2 PostalAddress names as v3 ones', () => {
    const req = decode(m.CreateBookingRequest, { user_information: { address: { address_country: 'CH', address_locality: 'Zürich', postal_code: '8001' } } });
    expect(req.userInformation).toEqual({ address: { country: 'CH', locality: 'Zürich', postalCode: '8001' } });
  });
});

describe('encode', () => {
  it('writes proto names, int64 as strings, int32 and booleans as numbers and booleans, and leaves unset fields out', () => {
    const out = encode(m.CheckAvailabilityResponse, {
      slot: { merchantId: 'm', serviceId: 's', startSec: 1606467600, durationSec: 1800, availabilityTag: null, resources: { staffId: 'alex', roomId: null, partySize: null, staffName: 'Alex' }, confirmationMode: 'CONFIRMATION_MODE_SYNCHRONOUS' },
      countAvailable: 0,
    });
    expect(out).toEqual({
      slot: { merchant_id: 'm', service_id: 's', start_sec: '1606467600', duration_sec: '1800', resources: { staff_id: 'alex' }, confirmation_mode: 'CONFIRMATION_MODE_SYNCHRONOUS' },
      count_available: 0,
    });
    expect(encode(m.BatchAvailabilityLookupResponse, { slotTimeAvailability: [{ slotTime: { serviceId: 's', startSec: 5 }, available: false }] })).toEqual({
      slot_time_availability: [{ slot_time: { service_id: 's', start_sec: '5' }, available: false }],
    });
  });

  it('a refusal is booking_failure alone', () => {
    const out = encode(m.BookingResponse, { booking: null, userPaymentOption: null, bookingFailure: { cause: 'SLOT_UNAVAILABLE', rejectedCardType: null, description: 'full' } });
    expect(out).toEqual({ booking_failure: { cause: 'SLOT_UNAVAILABLE', description: 'full' } });
  });

  it('round-trips: what it writes, decode reads back to the same engine value', () => {
    const slot = { merchantId: 'm', serviceId: 's', startSec: 1606467600, durationSec: 1800, availabilityTag: 'x', resources: { staffId: 'a', roomId: 'r', partySize: 3 }, confirmationMode: 'CONFIRMATION_MODE_ASYNCHRONOUS' };
    expect(decode(m.CheckAvailabilityRequest, JSON.parse(JSON.stringify(encode(m.CheckAvailabilityRequest, { slot }))))).toEqual({ slot });
  });
});
