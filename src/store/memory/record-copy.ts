// How the memory store keeps its records: private, frozen copies (no caller can change stored state),
// made without duplicating what never changes. Strings are immutable, so a copy shares them instead of
// cloning them (structuredClone would allocate every string again); low-cardinality strings (ids of
// merchants and services, enum values, ...) are interned so that 100,000 records hold one "CONFIRMED";
// whole sub-objects that repeat (a user's details, a slot, "no payment") can be shared as they are.
// Measured in bench/ (docs/benchmarks.md): this took a stored booking from ~2.6 KB of heap to well
// under half of that, and the copy from the top of the createBooking profile.

/** Fields whose string values come from a small set and are interned. Never free text or ids of people. */
const INTERNED_FIELDS: ReadonlySet<string> = new Set([
  'merchantId',
  'serviceId',
  'callerId',
  'staffId',
  'roomId',
  'availabilityTag',
  'confirmationMode',
  'status',
  'prepaymentStatus',
  'paymentProcessedBy',
  'currencyCode',
  'pricingOptionTag',
  'country',
  'region',
  'locality',
  'languageCode',
  'timeZone',
]);

/**
 * Makes V8 store `value` as one flat string, in place (the same string, same content). A string built
 * by concatenation is a tree of "cons" pieces until something flattens it: crypto.randomUUID() returns
 * ~15 pieces (≈ 480 bytes retained instead of 56; measured, docs/benchmarks.md), and a Map key or
 * JSON.stringify does not flatten it for good. charCodeAt does, and the garbage collector then drops
 * the pieces. Only strings of 13 characters or more can be cons strings.
 */
export function flat(value: string): string {
  if (value.length >= 13) value.charCodeAt(0);
  return value;
}

export class Interner {
  private readonly table = new Map<string, string>();

  intern(value: string): string {
    const known = this.table.get(value);
    if (known !== undefined) return known;
    this.table.set(flat(value), value);
    return value;
  }
}

/**
 * A plain object with `keys` and `values`, its properties stored inside the object. An object built
 * as `{}` plus assignments keeps only 4 properties inline and puts the rest in a separate array
 * (+35 bytes for a booking-sized record; measured); an object literal of the right shape keeps all
 * of them inline. One literal-building function per shape (record types are few, shapes fewer
 * than MAX_SHAPES); keys that are not plain identifiers fall back to assignments.
 */
type Build = (values: unknown[]) => Record<string, unknown>;
const shapes = new Map<string, Build>();
const MAX_SHAPES = 256;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function build(keys: readonly string[], values: unknown[]): Record<string, unknown> {
  if (keys.length > 4) {
    const shape = keys.join(',');
    let make = shapes.get(shape);
    if (!make && shapes.size < MAX_SHAPES && keys.length <= 64 && keys.every((k) => IDENTIFIER.test(k) && k !== '__proto__')) {
      make = new Function('v', `return { ${keys.map((k, i) => `${k}: v[${i}]`).join(', ')} };`) as Build;
      shapes.set(shape, make);
    }
    if (make) return make(values);
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  return out;
}

function copyValue(value: unknown, field: string, interner: Interner): unknown {
  if (typeof value === 'string') return INTERNED_FIELDS.has(field) ? interner.intern(value) : flat(value);
  if (value === null || typeof value !== 'object') return value;
  // Deeply frozen means nobody can change it: share it (e.g. the parts of a stored record that a
  // replacement record carries over unchanged).
  if (isDeeplyFrozen(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item) => copyValue(item, field, interner)));
  const keys = Object.keys(value);
  const values = keys.map((key) => copyValue((value as Record<string, unknown>)[key], key, interner));
  return Object.freeze(build(keys, values));
}

function isDeeplyFrozen(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && !isDeeplyFrozen(child)) return false;
  }
  return true;
}

/**
 * A frozen deep copy of a plain record (strings, numbers, booleans, null, nested plain objects and
 * arrays). `shared` gives, per top-level field, a value to use as it is instead of a copy (a value
 * this module returned before, or a primitive).
 */
export function frozenCopy<T>(record: T, interner: Interner, shared?: Partial<Record<keyof T, unknown>>): T {
  if (record === null || typeof record !== 'object') return record;
  const keys = Object.keys(record);
  const values = keys.map((key) =>
    shared && Object.prototype.hasOwnProperty.call(shared, key)
      ? shared[key as keyof T]
      : copyValue((record as Record<string, unknown>)[key], key, interner),
  );
  return Object.freeze(build(keys, values)) as T;
}

/** A frozen copy of a sub-object, shareable between records. */
export function sharedCopy<T>(value: T, interner: Interner): T {
  return copyValue(value, '', interner) as T;
}

/** Structural equality of plain records (what a copy preserves). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i];
    if (k !== kb[i]) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * One shared copy per distinct value seen last: `get(value)` answers the cached copy when `value`
 * equals it, else caches and answers a new copy. Used where consecutive records usually repeat a value
 * (a user's details across that user's bookings, a slot across its bookings, "no payment").
 */
export class LastValue<T> {
  private last: T | undefined;

  constructor(private readonly interner: Interner) {}

  get(value: T): T {
    if (this.last !== undefined && deepEqual(this.last, value)) return this.last;
    this.last = sharedCopy(value, this.interner);
    return this.last;
  }
}
