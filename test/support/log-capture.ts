import { createLogger, type Logger } from '../../src/http/logger';

/** A real pino logger writing into memory, so tests can read what would reach the log. */
export function capturingLogger(): { logger: Logger; lines: () => string[] } {
  const chunks: string[] = [];
  const logger = createLogger('debug', { write: (chunk: string) => void chunks.push(chunk) });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean) };
}
