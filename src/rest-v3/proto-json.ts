// The proto3 JSON mapping, as Google's Booking Server clients use it (spec §0.3, §8 "Transport"):
//   in:  proto field names (`start_sec`) or lowerCamelCase (`startSec`); int64 as a JSON number or a
//        decimal string; enums by name (or by number); null means unset; unknown fields are ignored
//        (the way protobuf's JsonFormat.parser().ignoringUnknownFields() reads them, so a newer
//        client's extra fields never break a booking).
//   out: proto field names, int64 as strings, int32 as numbers, enums by name, unset fields omitted.
// One message description serves both directions. A value of the wrong type is INVALID_ARGUMENT
// naming its path in proto names (`slot.start_sec`, `slot_time[2].resource_ids.party_size`).
import { invalidArgument } from '../domain/errors';

export type FieldType =
  | { kind: 'string' }
  | { kind: 'int64' }
  | { kind: 'int32' }
  | { kind: 'bool' }
  /** Values in proto number order, so a number can be read as well as a name. */
  | { kind: 'enum'; name: string; values: readonly string[] }
  | { kind: 'message'; message: () => MessageSpec };

export interface FieldSpec {
  /** The proto field name (snake_case). */
  proto: string;
  /** The key of the decoded object: the engine's lowerCamelCase name. */
  key: string;
  type: FieldType;
  repeated?: boolean;
  /** Other accepted input names (e.g. v2's address_country for v3's country). */
  aliases?: readonly string[];
}

export interface MessageSpec {
  name: string;
  fields: readonly FieldSpec[];
}

const INT64_MAX = Number.MAX_SAFE_INTEGER;
const INT32_MAX = 2 ** 31 - 1;
const DECIMAL = /^-?\d+$/;

export const lowerCamel = (proto: string): string => proto.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// ---- builders ----------------------------------------------------------------------------------

type Options = Pick<FieldSpec, 'repeated' | 'aliases'> & { key?: string };
const field = (proto: string, type: FieldType, options: Options = {}): FieldSpec => ({ proto, key: options.key ?? lowerCamel(proto), type, ...options });

export const f = {
  string: (proto: string, options?: Options) => field(proto, { kind: 'string' }, options),
  int64: (proto: string, options?: Options) => field(proto, { kind: 'int64' }, options),
  int32: (proto: string, options?: Options) => field(proto, { kind: 'int32' }, options),
  bool: (proto: string, options?: Options) => field(proto, { kind: 'bool' }, options),
  enum: (proto: string, name: string, values: Record<string, string>, options?: Options) =>
    field(proto, { kind: 'enum', name, values: Object.values(values) }, options),
  message: (proto: string, message: () => MessageSpec, options?: Options) => field(proto, { kind: 'message', message }, options),
};

export const message = (name: string, fields: FieldSpec[]): MessageSpec => ({ name, fields });

// ---- decoding ----------------------------------------------------------------------------------

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every accepted input name of a message's fields (proto, lowerCamelCase, aliases), built once per message. */
const namesOf = new WeakMap<MessageSpec, ReadonlyMap<string, FieldSpec>>();
function fieldsByName(spec: MessageSpec): ReadonlyMap<string, FieldSpec> {
  let names = namesOf.get(spec);
  if (!names) {
    const built = new Map<string, FieldSpec>();
    for (const x of spec.fields) for (const name of [x.proto, lowerCamel(x.proto), ...(x.aliases ?? [])]) if (!built.has(name)) built.set(name, x);
    namesOf.set(spec, (names = built));
  }
  return names;
}

/** Reads a request body (or a nested message) into the engine's shape; null/undefined for an absent message. */
export function decode(spec: MessageSpec, json: unknown, path = ''): Record<string, unknown> {
  if (!isObject(json)) throw invalidArgument(path || 'body', `must be a JSON object (${spec.name})`);
  const out: Record<string, unknown> = {};
  const seen = new Map<FieldSpec, string>();
  const names = fieldsByName(spec);
  for (const [name, value] of Object.entries(json)) {
    const spec_ = names.get(name);
    if (!spec_) continue;
    const fieldPath = join(path, spec_.proto);
    const earlier = seen.get(spec_);
    if (earlier !== undefined) throw invalidArgument(fieldPath, `is given twice (as ${earlier} and as ${name})`);
    seen.set(spec_, name);
    if (value === null) continue;
    out[spec_.key] = spec_.repeated ? decodeList(spec_, value, fieldPath) : decodeValue(spec_.type, value, fieldPath);
  }
  return out;
}

function decodeList(spec: FieldSpec, value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalidArgument(path, 'must be a JSON array');
  return value.map((item, i) => {
    if (item === null) throw invalidArgument(`${path}[${i}]`, 'must not be null');
    return decodeValue(spec.type, item, `${path}[${i}]`);
  });
}

function decodeValue(type: FieldType, value: unknown, path: string): unknown {
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw invalidArgument(path, 'must be a string');
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw invalidArgument(path, 'must be true or false');
      return value;
    case 'int64':
      return integer(value, path, INT64_MAX, 'an integer (int64: a JSON number or a decimal string)');
    case 'int32':
      return integer(value, path, INT32_MAX, 'a 32-bit integer');
    case 'enum': {
      if (typeof value === 'string' && type.values.includes(value)) return value;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < type.values.length) return type.values[value];
      throw invalidArgument(path, `is not a ${type.name} value (one of ${type.values.join(', ')})`);
    }
    case 'message':
      return decode(type.message(), value, path);
  }
}

function integer(value: unknown, path: string, max: number, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw invalidArgument(path, `must be ${what}`);
  if (Math.abs(n) > max) throw invalidArgument(path, `must be within ±${max}`);
  return n;
}

// ---- encoding ----------------------------------------------------------------------------------

/** Writes an engine value as the proto3 JSON of `spec`: proto names, int64 as strings, unset fields left out. */
export function encode(spec: MessageSpec, value: object): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field_ of spec.fields) {
    const v = source[field_.key];
    if (v === null || v === undefined) continue;
    out[field_.proto] = field_.repeated ? (v as unknown[]).map((item) => encodeValue(field_.type, item)) : encodeValue(field_.type, v);
  }
  return out;
}

function encodeValue(type: FieldType, value: unknown): unknown {
  switch (type.kind) {
    case 'int64':
      return String(value);
    case 'message':
      return encode(type.message(), value as object);
    default:
      return value;
  }
}
