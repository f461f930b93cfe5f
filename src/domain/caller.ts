/** Who is calling. Idempotency tokens and lease references are scoped by `id`. */
export type Role = 'widget' | 'partner';

export interface Caller {
  /** Stable, non-secret identifier of the API key (never the key itself). */
  id: string;
  role: Role;
}
