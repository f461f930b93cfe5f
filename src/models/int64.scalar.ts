import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

// GraphQL's Int is 32-bit: epoch seconds overflow it in 2038 and micros at once. Int64 carries any
// integer this service produces (all within ±(2^53 − 1)) as a JSON number, and accepts a number or
// a decimal string on input, so clients following proto3 JSON ("1800") and plain JSON (1800) agree.

const DECIMAL = /^-?\d+$/;

export class Int64Error extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'INVALID_ARGUMENT' } });
  }
}

export function parseInt64(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) n = Number(value);
  else throw new Int64Error(`Int64 must be an integer or a decimal string, got ${describe(value)}`);
  if (!Number.isInteger(n)) throw new Int64Error(`Int64 must be an integer, got ${describe(value)}`);
  if (!Number.isSafeInteger(n)) throw new Int64Error('Int64 must be within ±(2^53 − 1)');
  return n;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function parseLiteral(ast: ValueNode): number {
  if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return parseInt64(ast.value);
  if (ast.kind === Kind.FLOAT) throw new Int64Error(`Int64 must be an integer, got ${ast.value}`);
  throw new Int64Error(`Int64 must be an integer or a decimal string, got a ${ast.kind.toLowerCase()}`);
}

export const Int64 = new GraphQLScalarType({
  name: 'Int64',
  description:
    'Signed 64-bit integer (epoch seconds, durations, priceMicros). Output: a JSON number. ' +
    'Input: a JSON number or a decimal string, within ±(2^53 − 1).',
  serialize: (value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw new GraphQLError(`Int64 cannot represent ${describe(value)}`);
  },
  parseValue: parseInt64,
  parseLiteral,
});
