// Payments through the Booking Server face: the same engine as GraphQL, in proto JSON (snake_case):
// a charge, a 3-D Secure 1 challenge with payment_failure.threeds1_parameters and the retry carrying
// pa_response, a rejected brand, and a refund on cancel. Tokens and 3DS answers never reach the log.
import { SandboxProcessor } from '../../../src/payments/sandbox';
import { M } from '../../support/fixtures';
import { capturingLogger } from '../../support/log-capture';
import { PAID, PAID_START, REQUIRED, seedPaymentInventory } from '../../support/payment-fixtures';
import { rpc } from '../../support/rest-client';
import { startTestGateway, type TestGateway } from '../../support/test-gateway';

const USER = { user_id: 'rest-payer', given_name: 'Ada', family_name: 'Lovelace', telephone: '+41 44 668 18 00', email: 'ada@example.com' };
const slotOf = (serviceId: string) => ({ merchant_id: M, service_id: serviceId, start_sec: String(PAID_START), duration_sec: '3600' });
const paying = (token: string, extra: Record<string, unknown> = {}) => ({
  payment_information: { payment_processed_by: 'PROCESSED_BY_PARTNER', ...extra },
  payment_processing_parameters: { payment_processor: 'sandbox', unparsed_payment_method_token: token },
});

let gw: TestGateway;
let sandbox: SandboxProcessor;
let lines: () => string[];
beforeEach(async () => {
  sandbox = new SandboxProcessor();
  const capture = capturingLogger();
  lines = capture.lines;
  gw = await startTestGateway({ payments: { processor: sandbox, holdSec: 120 }, logger: capture.logger });
  await seedPaymentInventory(gw);
});
afterEach(() => gw.stop());

it('charges, challenges with 3-D Secure 1 in proto JSON, books the retry, and refunds a cancel', async () => {
  const charged = await rpc(gw, 'CreateBooking', { slot: slotOf(PAID), user_information: USER, idempotency_token: 'r1', ...paying('tok_visa') });
  expect(charged.status).toBe(200);
  expect(charged.body.booking.payment_information).toMatchObject({ prepayment_status: 'PREPAYMENT_PROVIDED', payment_transaction_id: sandbox.ledger[0].transactionId });

  const challenged = await rpc(gw, 'CreateBooking', { slot: slotOf(PAID), user_information: { ...USER, user_id: 'u2' }, idempotency_token: 'r2', ...paying('tok_threeDSecureRequired') });
  expect(challenged.body.booking_failure.cause).toBe('PAYMENT_REQUIRES_3DS1');
  const params = challenged.body.booking_failure.payment_failure.threeds1_parameters;
  expect(Object.keys(params).sort()).toEqual(['acs_url', 'md_merchant_data', 'pa_req', 'transaction_id']);
  const retried = await rpc(gw, 'CreateBooking', {
    slot: slotOf(PAID),
    user_information: { ...USER, user_id: 'u2' },
    idempotency_token: 'r3',
    ...paying('tok_threeDSecureRequired', { pa_response: 'sandbox-ok', md_merchant_data: params.md_merchant_data }),
  });
  expect(retried.body.booking.payment_information.prepayment_status).toBe('PREPAYMENT_PROVIDED');

  const rejected = await rpc(gw, 'CreateBooking', { slot: slotOf(REQUIRED), user_information: USER, idempotency_token: 'r4', ...paying('tok_jcb') });
  expect(rejected.body.booking_failure).toMatchObject({ cause: 'PAYMENT_ERROR_CARD_TYPE_REJECTED', rejected_card_type: 'JCB' });

  const cancelled = await rpc(gw, 'UpdateBooking', { booking: { booking_id: charged.body.booking.booking_id, status: 'CANCELED' } });
  expect(cancelled.body.booking.payment_information.prepayment_status).toBe('PREPAYMENT_REFUNDED');
  expect(sandbox.ledger.map((e) => e.kind)).toEqual(['charge', 'charge', 'refund']);

  const text = lines().join('\n');
  for (const secret of ['tok_threeDSecureRequired', 'tok_visa', 'sandbox-ok', params.md_merchant_data]) expect({ secret, logged: text.includes(secret) }).toEqual({ secret, logged: false });
});
