// Request errors at the Booking Server face's edge: one table from the engine's canonical codes to
// HTTP statuses (api-contract "The Google Booking Server face"; spec §5.2), and Google's error body
// `{ "error": { "code": <http>, "status": "<CODE>", "message": "..." } }`. Field paths in messages are
// the proto's (`user_information.email`), as the client wrote them.
import { DomainError, type ErrorCode } from '../domain/errors';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ABORTED: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/**
 * An engine field path as the v3 client names it: the GraphQL face's `input.` prefix dropped and
 * every segment in proto names (`input.userInformation.email` → `user_information.email`,
 * `slotTime[3].startSec` → `slot_time[3].start_sec`).
 */
export function protoPath(path: string): string {
  return path.replace(/^input\./, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A DomainError's message with its field path in proto names. */
export function protoMessage(error: DomainError): string {
  if (!error.field) return error.message;
  const prefix = `${error.field}: `;
  const bare = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return `${protoPath(error.field)}: ${bare}`;
}
