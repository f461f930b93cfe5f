/** Who is calling. Idempotency tokens, lease references and user ids are scoped by `id`. */
export type Role = 'widget' | 'partner' | 'merchant';

export interface Caller {
  /** Stable, non-secret identifier of the API key (never the key itself). */
  id: string;
  role: Role;
  /** The merchants this caller serves; null: every merchant (partner keys without a restriction). */
  merchantIds: readonly string[] | null;
}

/** Whether the caller may act for this merchant: unrestricted, or the merchant is one of its own. */
export function servesMerchant(caller: Caller, merchantId: string): boolean {
  return caller.merchantIds === null || caller.merchantIds.includes(merchantId);
}
