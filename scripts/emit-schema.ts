// `npm run schema`: writes schema.graphql from the decorated classes. test/schema.test.ts fails
// when the committed file is out of date.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { gatewaySchema } from '../src/schema';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'schema.graphql');
export const SCHEMA_HEADER = '# Generated from src/ by `npm run schema`. Do not edit by hand.\n\n';

export function emittedSchema(): string {
  return SCHEMA_HEADER + printSchema(gatewaySchema()) + '\n';
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, emittedSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
