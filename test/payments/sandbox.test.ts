// The sandbox processor: each contract token's outcome, idempotency by key, 3-D Secure 1, refunds
// and cards kept on file.
import { CreditCardType } from '../../src/domain/enums';
import type { ChargeRequest } from '../../src/domain/payments';
import { SANDBOX_PA_RESPONSE, SandboxProcessor } from '../../src/payments/sandbox';

const CHF = { priceMicros: 40_000_000, currencyCode: 'CHF', pricingOptionTag: null };
let n = 0;
const request = (token: string, over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  idempotencyKey: `k${++n}`,
  token,
  amount: CHF,
  keepCardOnFile: false,
  acceptedCardTypes: null,
  threeDS1: null,
  attemptedAtSec: 0,
  description: 'test',
  ...over,
});

it.each([
  ['tok_visa', CreditCardType.VISA],
  ['tok_mastercard', CreditCardType.MASTERCARD],
  ['tok_amex', CreditCardType.AMERICAN_EXPRESS],
  ['tok_discover', CreditCardType.DISCOVER],
  ['tok_jcb', CreditCardType.JCB],
])('%s charges as %s', async (token, brand) => {
  const sandbox = new SandboxProcessor();
  expect(await sandbox.charge(request(token))).toEqual({ kind: 'charged', transactionId: expect.stringMatching(/^sandbox_ch_/), cardType: brand, savedCard: null });
  expect(sandbox.ledger).toHaveLength(1);
});

it('answers a repeated key with its first answer, charging once', async () => {
  const sandbox = new SandboxProcessor();
  const req = request('tok_visa');
  const first = await sandbox.charge(req);
  expect(await sandbox.charge(req)).toEqual(first);
  expect(await sandbox.findCharge(req)).toEqual(first);
  expect(await sandbox.findCharge(request('tok_visa'))).toBeNull();
  expect(sandbox.ledger).toHaveLength(1);
});

it('declines, fails and rejects brands as the contract says', async () => {
  const sandbox = new SandboxProcessor();
  expect((await sandbox.charge(request('tok_chargeDeclined'))).kind).toBe('declined');
  expect((await sandbox.charge(request('tok_processingError'))).kind).toBe('failed');
  expect((await sandbox.charge(request('tok_4242'))).kind).toBe('failed');
  expect(await sandbox.charge(request('tok_amex', { acceptedCardTypes: [CreditCardType.VISA] }))).toEqual({ kind: 'card-type-rejected', cardType: CreditCardType.AMERICAN_EXPRESS });
  expect(sandbox.ledger).toEqual([]);
});

it('challenges tok_threeDSecureRequired and accepts only sandbox-ok with the challenge\'s mdMerchantData', async () => {
  const sandbox = new SandboxProcessor();
  const challenge = await sandbox.charge(request('tok_threeDSecureRequired'));
  if (challenge.kind !== 'requires-3ds1') throw new Error(`expected a challenge, got ${challenge.kind}`);
  const md = challenge.parameters.mdMerchantData;
  expect((await sandbox.charge(request('tok_threeDSecureRequired', { threeDS1: { paResponse: 'nope', mdMerchantData: md } }))).kind).toBe('failed');
  expect((await sandbox.charge(request('tok_threeDSecureRequired', { threeDS1: { paResponse: SANDBOX_PA_RESPONSE, mdMerchantData: 'other' } }))).kind).toBe('failed');
  expect((await sandbox.charge(request('tok_threeDSecureRequired', { threeDS1: { paResponse: SANDBOX_PA_RESPONSE, mdMerchantData: md } }))).kind).toBe('charged');
  expect(sandbox.ledger).toHaveLength(1);
});

it('refunds a charge once, and charges a card kept on file', async () => {
  const sandbox = new SandboxProcessor();
  const charged = await sandbox.charge(request('tok_visa', { keepCardOnFile: true }));
  if (charged.kind !== 'charged') throw new Error('expected a charge');
  expect(charged.savedCard).toEqual(expect.any(String));
  const refund = { idempotencyKey: 'r1', transactionId: charged.transactionId!, amount: CHF };
  expect((await sandbox.refund(refund)).kind).toBe('refunded');
  expect(await sandbox.refund(refund)).toEqual(await sandbox.refund(refund));
  expect((await sandbox.refund({ ...refund, idempotencyKey: 'r2' })).kind).toBe('failed');
  expect(sandbox.keptCharges()).toEqual([]);
  const fee = await sandbox.chargeSavedCard({ idempotencyKey: 'f1', savedCard: charged.savedCard!, amount: CHF, description: 'fee' });
  expect(fee).toMatchObject({ kind: 'charged', cardType: CreditCardType.VISA });
  expect((await sandbox.chargeSavedCard({ idempotencyKey: 'f2', savedCard: 'unknown', amount: CHF, description: 'fee' })).kind).toBe('failed');
  expect(sandbox.ledger.filter((e) => e.offSession)).toHaveLength(1);
});

it('keeps a card without charging when the amount is zero', async () => {
  const sandbox = new SandboxProcessor();
  const kept = await sandbox.charge(request('tok_mastercard', { keepCardOnFile: true, amount: { ...CHF, priceMicros: 0 } }));
  expect(kept).toEqual({ kind: 'charged', transactionId: null, cardType: CreditCardType.MASTERCARD, savedCard: expect.any(String) });
  expect(sandbox.ledger).toEqual([]);
});
