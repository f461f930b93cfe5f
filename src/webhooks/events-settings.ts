// How the events half runs in one gateway process (config.ts reads them from the environment).
import { SecretBox } from '../services/events/secret-box';
import { STANDARD_RETRY_SCHEDULE_SEC } from './retry-schedule';

export interface EventsSettings {
  /** EVENTS (default true): the outbox, webhook delivery and subscriptions. */
  enabled: boolean;
  /** WEBHOOK_ALLOW_PRIVATE: let webhooks go to loopback, private and link-local addresses (tests, private networks). */
  allowPrivate: boolean;
  /** Seals signing secrets at rest; null: none configured, so subscriptions cannot be created. */
  secrets: SecretBox | null;
  /** WEBHOOK_RETRY_SCHEDULE: waits (s) before the 2nd, 3rd … attempt; then FAILED. */
  retrySchedule: readonly number[];
  /** WEBHOOK_TIMEOUT_MS: one attempt, connect to last byte. */
  timeoutMs: number;
  /** WEBHOOK_POLL_MS: how often the outbox is read when no local commit wakes the dispatcher. */
  pollMs: number;
  /** EVENT_RETENTION_SEC: delivered (and failed) events are purged this long after they occurred. */
  retentionSec: number;
  /** SUBSCRIPTION_CONNECTIONS_PER_KEY: open graphql-ws connections one API key may hold. */
  maxConnectionsPerKey: number;
}

export const DEFAULT_EVENTS_SETTINGS: Omit<EventsSettings, 'secrets'> = {
  enabled: true,
  allowPrivate: false,
  retrySchedule: STANDARD_RETRY_SCHEDULE_SEC,
  timeoutMs: 10_000,
  pollMs: 500,
  retentionSec: 7 * 86_400,
  maxConnectionsPerKey: 20,
};

/** Settings for an embedded or test gateway: the defaults, a key that lives as long as the process. */
export const defaultEventsSettings = (overrides: Partial<EventsSettings> = {}): EventsSettings => ({
  ...DEFAULT_EVENTS_SETTINGS,
  secrets: SecretBox.random(),
  ...overrides,
});
