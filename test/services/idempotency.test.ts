import { ConfirmationMode, PaymentProcessedBy, PrepaymentStatus } from '../../src/domain/enums';
import { fingerprintCreateBooking } from '../../src/services/idempotency';
import type { CreateBookingRequest } from '../../src/services/inputs';

const request = (): CreateBookingRequest => ({
  slot: { merchantId: 'm1', serviceId: 's1', startSec: 1_900_000_000, durationSec: 3600 },
  userInformation: {
    userId: 'u1',
    givenName: 'Ada',
    familyName: 'Lovelace',
    telephone: '+41 44 123 45 67',
    email: 'ada@example.com',
  },
  idempotencyToken: 'tok-1',
});

const fp = fingerprintCreateBooking;

describe('fingerprintCreateBooking', () => {
  it('is deterministic for the same request', () => {
    expect(fp(request())).toBe(fp(request()));
  });

  it('does not depend on the idempotency token itself', () => {
    expect(fp({ ...request(), idempotencyToken: 'other' })).toBe(fp(request()));
  });

  it('treats absent and null optional fields alike, at every level', () => {
    const base = request();
    const withNulls: CreateBookingRequest = {
      ...base,
      slot: { ...base.slot, availabilityTag: null, resources: null, confirmationMode: null },
      leaseRef: null,
      userInformation: { ...base.userInformation, address: null, languageCode: null },
      paymentInformation: null,
      paymentProcessingParameters: null,
      additionalRequest: null,
    };
    const withUndefined: CreateBookingRequest = {
      ...base,
      slot: { ...base.slot, availabilityTag: undefined, resources: undefined, confirmationMode: undefined },
      leaseRef: undefined,
      userInformation: { ...base.userInformation, address: undefined, languageCode: undefined },
      paymentInformation: undefined,
      paymentProcessingParameters: undefined,
      additionalRequest: undefined,
    };
    expect(fp(withNulls)).toBe(fp(base));
    expect(fp(withUndefined)).toBe(fp(base));
  });

  it('treats absent and null fields inside nested optional objects alike', () => {
    const base = request();
    const address = { country: 'CH', locality: 'Zürich', postalCode: '8001', streetAddress: 'Bahnhofstrasse 1' };
    const price = { priceMicros: 1_000_000, currencyCode: 'CHF' };
    const a: CreateBookingRequest = {
      ...base,
      userInformation: { ...base.userInformation, address },
      paymentInformation: { prepaymentStatus: PrepaymentStatus.PREPAYMENT_PROVIDED, price },
      paymentProcessingParameters: { paymentProcessor: 'acme' },
    };
    const b: CreateBookingRequest = {
      ...base,
      userInformation: { ...base.userInformation, address: { ...address, region: null } },
      paymentInformation: {
        prepaymentStatus: PrepaymentStatus.PREPAYMENT_PROVIDED,
        price: { ...price, pricingOptionTag: null },
        paymentTransactionId: null,
        taxAmount: null,
        fees: undefined,
        paymentProcessedBy: null,
      },
      paymentProcessingParameters: { paymentProcessor: 'acme', version: null, unparsedPaymentMethodToken: undefined },
    };
    expect(fp(a)).toBe(fp(b));
  });

  it('applies the same defaulting as parsing: no payment, {} and UNSPECIFIED prepayment are one request', () => {
    const base = request();
    const none = fp(base);
    expect(fp({ ...base, paymentInformation: {} })).toBe(none);
    expect(fp({ ...base, paymentInformation: { prepaymentStatus: PrepaymentStatus.PREPAYMENT_STATUS_UNSPECIFIED } })).toBe(none);
    expect(fp({ ...base, paymentInformation: { prepaymentStatus: PrepaymentStatus.PREPAYMENT_NOT_PROVIDED } })).toBe(none);
    expect(fp({ ...base, paymentInformation: { prepaymentStatus: PrepaymentStatus.PREPAYMENT_PROVIDED } })).not.toBe(none);
  });

  it('treats an absent confirmationMode as CONFIRMATION_MODE_UNSPECIFIED', () => {
    const base = request();
    const unspecified = { ...base, slot: { ...base.slot, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_UNSPECIFIED } };
    const asynchronous = { ...base, slot: { ...base.slot, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS } };
    expect(fp(unspecified)).toBe(fp(base));
    expect(fp(asynchronous)).not.toBe(fp(base));
  });

  it('treats absent resources as partySize 1 with no staff or room', () => {
    const base = request();
    const fps = [
      fp({ ...base, slot: { ...base.slot, resources: {} } }),
      fp({ ...base, slot: { ...base.slot, resources: { partySize: 1 } } }),
      fp({ ...base, slot: { ...base.slot, resources: { partySize: null, staffId: null, roomId: null } } }),
      fp({ ...base, slot: { ...base.slot, resources: { staffId: '', roomId: '' } } }),
    ];
    for (const f of fps) expect(f).toBe(fp(base));
    expect(fp({ ...base, slot: { ...base.slot, resources: { partySize: 2 } } })).not.toBe(fp(base));
  });

  it('is stable across the key order of the input objects', () => {
    const ordered: CreateBookingRequest = {
      slot: {
        merchantId: 'm1',
        serviceId: 's1',
        startSec: 10,
        durationSec: 20,
        availabilityTag: 'tag',
        resources: { staffId: 'anna', roomId: 'r1', partySize: 3 },
        confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
      },
      leaseRef: { leaseId: 'l1' },
      userInformation: {
        userId: 'u1',
        givenName: 'Ada',
        familyName: 'Lovelace',
        address: { country: 'CH', locality: 'Zürich', region: 'ZH', postalCode: '8001', streetAddress: 'Bahnhofstrasse 1' },
        telephone: '+41 44 123 45 67',
        email: 'ada@example.com',
        languageCode: 'de',
      },
      paymentInformation: {
        prepaymentStatus: PrepaymentStatus.PREPAYMENT_PROVIDED,
        price: { priceMicros: 5, currencyCode: 'CHF', pricingOptionTag: 'p' },
        paymentProcessedBy: PaymentProcessedBy.PROCESSED_BY_PARTNER,
      },
      idempotencyToken: 't',
      additionalRequest: 'window seat',
    };
    const reversed = reverseKeys(ordered) as CreateBookingRequest;
    expect(Object.keys(reversed)[0]).toBe('additionalRequest');
    expect(Object.keys(reversed.slot)[0]).toBe('confirmationMode');
    expect(fp(reversed)).toBe(fp(ordered));
  });

  describe('differs when anything that matters differs', () => {
    const base = request();
    const cases: Array<[string, CreateBookingRequest]> = [
      ['merchantId', { ...base, slot: { ...base.slot, merchantId: 'm2' } }],
      ['serviceId', { ...base, slot: { ...base.slot, serviceId: 's2' } }],
      ['startSec', { ...base, slot: { ...base.slot, startSec: base.slot.startSec + 1 } }],
      ['durationSec', { ...base, slot: { ...base.slot, durationSec: 1800 } }],
      ['availabilityTag', { ...base, slot: { ...base.slot, availabilityTag: 'tag' } }],
      ['staffId', { ...base, slot: { ...base.slot, resources: { staffId: 'anna' } } }],
      ['roomId', { ...base, slot: { ...base.slot, resources: { roomId: 'r1' } } }],
      ['partySize', { ...base, slot: { ...base.slot, resources: { partySize: 2 } } }],
      ['confirmationMode', { ...base, slot: { ...base.slot, confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS } }],
      ['leaseRef', { ...base, leaseRef: { leaseId: 'l1' } }],
      ['userId', { ...base, userInformation: { ...base.userInformation, userId: 'u2' } }],
      ['givenName', { ...base, userInformation: { ...base.userInformation, givenName: 'Ava' } }],
      ['familyName', { ...base, userInformation: { ...base.userInformation, familyName: 'Byron' } }],
      ['telephone', { ...base, userInformation: { ...base.userInformation, telephone: '+41 44 123 45 68' } }],
      ['email', { ...base, userInformation: { ...base.userInformation, email: 'ada@example.org' } }],
      ['languageCode', { ...base, userInformation: { ...base.userInformation, languageCode: 'en' } }],
      [
        'address',
        {
          ...base,
          userInformation: {
            ...base.userInformation,
            address: { country: 'CH', locality: 'Bern', postalCode: '3000', streetAddress: 'Bundesplatz 3' },
          },
        },
      ],
      ['paymentInformation', { ...base, paymentInformation: { price: { priceMicros: 1, currencyCode: 'CHF' } } }],
      ['additionalRequest', { ...base, additionalRequest: 'quiet room' }],
    ];

    it.each(cases)('%s', (_field, changed) => {
      expect(fp(changed)).not.toBe(fp(base));
    });

    it('each change gives a fingerprint of its own', () => {
      const all = new Set(cases.map(([, changed]) => fp(changed)));
      expect(all.size).toBe(cases.length);
    });

    it('a field value moved to another field is a different request', () => {
      const swapped = { ...base, userInformation: { ...base.userInformation, givenName: 'Lovelace', familyName: 'Ada' } };
      expect(fp(swapped)).not.toBe(fp(base));
    });
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}
