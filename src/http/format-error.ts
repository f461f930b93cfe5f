// The one edge where errors become GraphQL errors. Domain errors carry their gRPC code; GraphQL's
// own input failures become INVALID_ARGUMENT; anything unexpected becomes a generic INTERNAL (the
// details go to the log in logging.plugin.ts, never to the client).
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '../domain/errors';
import { Int64Error } from '../models/int64.scalar';

/** Apollo's codes for input the client got wrong, and what the contract calls them. */
const CLIENT_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_USER_INPUT: 'INVALID_ARGUMENT',
  BAD_REQUEST: 'INVALID_ARGUMENT',
  OPERATION_RESOLUTION_FAILURE: 'INVALID_ARGUMENT',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  RESOURCE_EXHAUSTED: 'RESOURCE_EXHAUSTED',
};

/** Codes our own GraphQLErrors carry (the Int64 scalar, query limits): they win over Apollo's wrapper code. */
const OWN_CODES = new Set(['INVALID_ARGUMENT', 'RESOURCE_EXHAUSTED']);

function ownCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof GraphQLError; e = e.originalError) {
    const code = e.extensions?.code;
    if (e !== error && typeof code === 'string' && OWN_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * Apollo answers some malformed requests (a persisted-query extension of an unknown version or with
 * a hash that does not match the query) with a 4xx GraphQLError that carries no code, which would
 * read as INTERNAL_SERVER_ERROR. The request is at fault: INVALID_ARGUMENT.
 */
function isCodelessClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export const INTERNAL_MESSAGE = 'Internal error. It has been logged; retrying may help.';

/** True for errors this service did not mean to raise: bugs, store failures. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError || original instanceof Int64Error || ownCode(error) || isCodelessClientError(error)) return false;
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return !(typeof code === 'string' && code in CLIENT_CODES);
}

/** graphql-js's parser refusing a document over maxTokens (query-limits.ts): a limit, not a syntax error. */
// (graphql-js 16 spells it "more that"; both spellings are accepted.)
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens\. Parsing aborted\.$/;

// "Did you mean …?" names schema members a client did not ask about (graphql-js appends it to
// validation and coercion messages alike); production strips it from every message.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export interface FormatErrorOptions {
  hideSuggestions: boolean;
}

export function createFormatError(options: FormatErrorOptions) {
  const text = (message: string) => (options.hideSuggestions ? message.replace(SUGGESTION, '') : message);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatError(formatted, error);
    return result.message === INTERNAL_MESSAGE ? result : { ...result, message: text(result.message) };
  };
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };
  if (original instanceof DomainError) {
    return {
      message: original.message,
      ...where,
      extensions: {
        code: original.code,
        ...(original.field && { field: original.field }),
        ...(original.reason && { reason: original.reason }),
      },
    };
  }
  // A bad Int64 literal or an operation over a limit arrives wrapped as GRAPHQL_VALIDATION_FAILED;
  // the cause's own code (INVALID_ARGUMENT, RESOURCE_EXHAUSTED) is the one the contract names.
  const code = formatted.extensions?.code;
  if (isCodelessClientError(error)) return { message: formatted.message, ...where, extensions: { code: 'INVALID_ARGUMENT' } };
  const own =
    original instanceof Int64Error
      ? 'INVALID_ARGUMENT'
      : code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.test(formatted.message)
        ? 'RESOURCE_EXHAUSTED'
        : ownCode(error);
  if (own || (typeof code === 'string' && code in CLIENT_CODES)) {
    return { message: formatted.message, ...where, extensions: { code: own ?? CLIENT_CODES[code as string] } };
  }
  return { message: INTERNAL_MESSAGE, ...where, extensions: { code: 'INTERNAL' } };
}
