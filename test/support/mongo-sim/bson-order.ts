// BSON values as the server orders, compares and prints them.
// Order: "Comparison/Sort Order" of the manual (https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/):
// MinKey < Null < Numbers < Symbol/String < Object < Array < BinData < ObjectId < Boolean < Date
// < Timestamp < RegularExpression < MaxKey.
import type { Document } from 'mongodb';

type Any = unknown;

const bsonType = (v: Any): string | undefined =>
  v !== null && typeof v === 'object' ? ((v as { _bsontype?: string })._bsontype ?? undefined) : undefined;

export function typeRank(v: Any): number {
  if (v === undefined || v === null) return 1;
  const t = bsonType(v);
  if (t === 'MinKey') return 0;
  if (t === 'MaxKey') return 100;
  if (typeof v === 'number' || typeof v === 'bigint' || t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128') return 2;
  if (typeof v === 'string' || t === 'BSONSymbol') return 3;
  if (Array.isArray(v)) return 5;
  if (t === 'Binary') return 6;
  if (t === 'ObjectId') return 7;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (t === 'Timestamp') return 10;
  if (v instanceof RegExp || t === 'BSONRegExp') return 11;
  return 4; // plain object (and anything else)
}

export const isNumeric = (v: Any): boolean => typeRank(v) === 2 && v !== null && v !== undefined;

export function toNumber(v: Any): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonType(v);
  if (t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128') return Number((v as { toString(): string }).toString());
  return NaN;
}

/** Server comparison of two BSON values (-1, 0, 1). */
export function compareValues(a: Any, b: Any): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
    case 1:
    case 100:
      return 0;
    case 2: {
      const x = toNumber(a);
      const y = toNumber(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4:
      return compareObjects(a as Document, b as Document);
    case 5: {
      const x = a as Any[];
      const y = b as Any[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return Math.sign(x.length - y.length);
    }
    case 6: {
      const x = Buffer.from((a as { buffer: Uint8Array }).buffer);
      const y = Buffer.from((b as { buffer: Uint8Array }).buffer);
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      return Buffer.compare(x, y);
    }
    case 7:
      return Math.sign(Buffer.compare(Buffer.from((a as { id: Uint8Array }).id), Buffer.from((b as { id: Uint8Array }).id)));
    case 8:
      return a === b ? 0 : a ? 1 : -1;
    case 9:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 10:
      return (a as { compare(o: unknown): number }).compare(b);
    default:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
}

function compareObjects(a: Document, b: Document): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const r = typeRank(a[ka[i]]) - typeRank(b[kb[i]]);
    if (r) return Math.sign(r);
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    const c = compareValues(a[ka[i]], b[kb[i]]);
    if (c) return c;
  }
  return Math.sign(ka.length - kb.length);
}

export const sameValue = (a: Any, b: Any): boolean => compareValues(a, b) === 0 && typeRank(a) === typeRank(b);

/** A string that is equal for values the server's index treats as equal (1 and 1.0 alike). */
export function keyString(v: Any): string {
  const r = typeRank(v);
  switch (r) {
    case 1:
      return 'n';
    case 2:
      return `#${toNumber(v)}`;
    case 3:
      return `s${JSON.stringify(String(v))}`;
    case 4:
      return `{${Object.entries(v as Document).map(([k, x]) => `${JSON.stringify(k)}:${keyString(x)}`).join(',')}}`;
    case 5:
      return `[${(v as Any[]).map(keyString).join(',')}]`;
    case 6:
      return `b${Buffer.from((v as { buffer: Uint8Array }).buffer).toString('hex')}`;
    case 7:
      return `o${(v as { toHexString(): string }).toHexString()}`;
    case 8:
      return v ? 't' : 'f';
    case 9:
      return `d${(v as Date).getTime()}`;
    default:
      return `${r}:${String(v)}`;
  }
}

/** The server's short rendering of a value in messages, e.g. "abc" / 5 / ObjectId('…') / { a: 1 }. */
export function formatValue(v: Any): string {
  const r = typeRank(v);
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (r === 2) return String(toNumber(v));
  if (r === 3) return JSON.stringify(String(v));
  if (r === 5) return `[ ${(v as Any[]).map(formatValue).join(', ')} ]`;
  if (r === 7) return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  if (r === 8) return String(v);
  if (r === 9) return `new Date(${(v as Date).getTime()})`;
  if (r === 4) {
    const entries = Object.entries(v as Document);
    return entries.length ? `{ ${entries.map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ')} }` : '{}';
  }
  return String(v);
}

/** "{a: 5}" style used by update error messages ("Cannot create field 'b' in element {a: 5}"). */
export const formatElement = (field: string, v: Any): string => `{${field}: ${formatValue(v)}}`;

export function bsonTypeName(v: Any): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  const names: Record<number, string> = { 2: 'double', 3: 'string', 4: 'object', 5: 'array', 6: 'binData', 7: 'objectId', 8: 'bool', 9: 'date', 10: 'timestamp', 11: 'regex' };
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? 'int' : 'double';
  return names[typeRank(v)] ?? 'unknown';
}
