import { NO_SERVICE_POLICY, type ServiceRecord } from '../../src/domain/records';
import { canCancelAt, cancellationDeadline } from '../../src/services/cancellation-policy';

const START = 1_900_000_000;
const service = (minAdvanceOnlineCancelingSec: number | null): ServiceRecord => ({
  merchantId: 'm1',
  serviceId: 's1',
  name: 'S',
  price: null,
  ...NO_SERVICE_POLICY,
  minAdvanceOnlineCancelingSec,
});

describe('cancellation window', () => {
  it('with a policy, the deadline is minAdvanceOnlineCancelingSec before the start', () => {
    expect(cancellationDeadline(START, service(2 * 3600))).toBe(START - 2 * 3600);
  });

  it('the deadline itself is still allowed; one second later is not', () => {
    const deadline = START - 3600;
    expect(canCancelAt(deadline - 1000, START, service(3600))).toBe(true);
    expect(canCancelAt(deadline, START, service(3600))).toBe(true);
    expect(canCancelAt(deadline + 1, START, service(3600))).toBe(false);
    expect(canCancelAt(START, START, service(3600))).toBe(false);
  });

  it.each([
    ['no service', null],
    ['a service without a policy', service(null)],
    ['a zero policy', service(0)],
  ])('with %s, cancelling is allowed until the start, inclusive', (_why, svc) => {
    expect(cancellationDeadline(START, svc)).toBe(START);
    expect(canCancelAt(START - 1, START, svc)).toBe(true);
    expect(canCancelAt(START, START, svc)).toBe(true);
    expect(canCancelAt(START + 1, START, svc)).toBe(false);
  });

  it('depends on the booking\'s start, not on a fixed time', () => {
    const svc = service(600);
    expect(canCancelAt(START, START + 600, svc)).toBe(true);
    expect(canCancelAt(START, START + 599, svc)).toBe(false);
  });
});
