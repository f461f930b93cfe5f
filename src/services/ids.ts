import { randomUUID } from 'node:crypto';

/** Server-chosen identifiers: random v4 UUIDs carry 122 random bits, unguessable and never reused. */
export const newId = (): string => randomUUID();
