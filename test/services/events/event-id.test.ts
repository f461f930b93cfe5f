import { newEventId } from '../../../src/services/events/event-id';

it('event ids are UUIDv7, strictly increasing within a process, even in one millisecond', () => {
  const ids = Array.from({ length: 10_000 }, () => newEventId(1_900_000_000_000));
  expect(ids).toHaveLength(10_000);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
  expect(newEventId(1_900_000_000_000 - 5) > ids[ids.length - 1]).toBe(true); // a clock going back does not reorder
  expect(parseInt(newEventId(2_000_000_000_000).slice(0, 8), 16)).toBe(Math.floor(2_000_000_000_000 / 2 ** 16));
});
