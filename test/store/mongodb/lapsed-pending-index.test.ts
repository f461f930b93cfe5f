// The lapsed-pending sweep's query (listLapsedPendingBookings) is served by pending_deadlines: the
// deadline range and the order come from the index, and its partial filter (pending bookings with a
// deadline only) is implied by the query, so MongoDB may use it.
import { INDEXES } from '../../../src/store/mongodb/indexes';
import { lapsedPendingFilter, lapsedPendingSort } from '../../../src/store/mongodb/queries';
import { indexServes } from './index-analysis';

const T0 = 1_900_000_000;

it('lapsedPendingFilter → pending_deadlines, ordered by deadline, partial filter implied', () => {
  const plan = INDEXES.find((p) => p.options.name === 'pending_deadlines');
  expect(plan).toBeDefined();
  const served = indexServes(lapsedPendingFilter(T0), plan!, lapsedPendingSort);
  expect(served).toMatchObject({ partialSatisfied: true, sortFromIndex: true, unindexedRanges: [], uncoveredEquality: [], residualLogical: [] });
  // Without the lower bound of the partial filter the index could not be used: the check can fail.
  expect(indexServes({ active: true, holdUntil: { $lte: T0 } }, plan!, lapsedPendingSort).partialSatisfied).toBe(false);
});
