import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { SCHEMA_FILE, emittedSchema } from '../scripts/emit-schema';

it('schema.graphql is current (run `npm run schema` after changing src/)', () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(emittedSchema());
});
