// The sandbox processor (PAYMENT_PROCESSOR=sandbox): deterministic, in process, no network. Its
// tokens are the contract's ("Payments": tok_visa … tok_threeDSecureRequired), named after Stripe's
// test tokens (https://docs.stripe.com/testing#cards) so that a client written against the sandbox
// sends what Stripe's test mode accepts. Every call is idempotent by its key, like Stripe's
// (https://docs.stripe.com/api/idempotent_requests): the same key answers what the first call did.
// Its ledger lives in this process: it is for development and tests, not for money.
import { createHash } from 'node:crypto';
import { CreditCardType } from '../domain/enums';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentProcessor,
  RefundRequest,
  RefundResult,
  SavedCardChargeRequest,
} from '../domain/payments';
import type { Price } from '../domain/records';

interface SandboxCard {
  brand: CreditCardType;
  behaviour: 'succeeds' | 'declines' | 'processing-error' | 'three-ds1';
}

const CARDS: Record<string, SandboxCard> = {
  tok_visa: { brand: CreditCardType.VISA, behaviour: 'succeeds' },
  tok_mastercard: { brand: CreditCardType.MASTERCARD, behaviour: 'succeeds' },
  tok_amex: { brand: CreditCardType.AMERICAN_EXPRESS, behaviour: 'succeeds' },
  tok_discover: { brand: CreditCardType.DISCOVER, behaviour: 'succeeds' },
  tok_jcb: { brand: CreditCardType.JCB, behaviour: 'succeeds' },
  tok_chargeDeclined: { brand: CreditCardType.VISA, behaviour: 'declines' },
  tok_processingError: { brand: CreditCardType.VISA, behaviour: 'processing-error' },
  tok_threeDSecureRequired: { brand: CreditCardType.VISA, behaviour: 'three-ds1' },
};

/** The challenge answer the sandbox's 3-D Secure 1 "issuer" accepts. */
export const SANDBOX_PA_RESPONSE = 'sandbox-ok';
/** Not a real address (.invalid is reserved, RFC 2606): the sandbox runs no access control server. */
const SANDBOX_ACS_URL = 'https://acs.sandbox.invalid/3ds1';

export interface SandboxLedgerEntry {
  kind: 'charge' | 'refund';
  idempotencyKey: string;
  /** The charge's transaction id (for a refund: the charge it refunds). */
  transactionId: string;
  amount: Price;
  /** True for a charge of a card kept on file (a no-show fee). */
  offSession: boolean;
}

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 24);

export class SandboxProcessor implements PaymentProcessor {
  readonly name = 'sandbox';
  /** Every charge and refund made, in order. */
  readonly ledger: SandboxLedgerEntry[] = [];
  private readonly answers = new Map<string, ChargeResult | RefundResult>();
  private readonly savedCards = new Map<string, CreditCardType>();
  private sequence = 0;

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    return this.once(request.idempotencyKey, () => this.decide(request));
  }

  async findCharge(request: ChargeRequest): Promise<ChargeResult | null> {
    return (this.answers.get(request.idempotencyKey) as ChargeResult | undefined) ?? null;
  }

  async chargeSavedCard(request: SavedCardChargeRequest): Promise<ChargeResult> {
    return this.once(request.idempotencyKey, () => {
      const brand = this.savedCards.get(request.savedCard);
      if (!brand) return { kind: 'failed', message: 'unknown card on file' };
      const transactionId = this.record('charge', request.idempotencyKey, request.amount, true);
      return { kind: 'charged', transactionId, cardType: brand, savedCard: request.savedCard };
    });
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    return this.once(request.idempotencyKey, () => {
      const charge = this.ledger.find((e) => e.kind === 'charge' && e.transactionId === request.transactionId);
      if (!charge) return { kind: 'failed', message: `unknown transaction ${request.transactionId}` };
      if (this.ledger.some((e) => e.kind === 'refund' && e.transactionId === request.transactionId)) {
        return { kind: 'failed', message: 'the charge was refunded already' };
      }
      this.ledger.push({ kind: 'refund', idempotencyKey: request.idempotencyKey, transactionId: request.transactionId, amount: request.amount, offSession: false });
      return { kind: 'refunded', refundId: `sandbox_re_${++this.sequence}` };
    });
  }

  /** The charges not refunded (what the "customers" paid). */
  keptCharges(): SandboxLedgerEntry[] {
    const refunded = new Set(this.ledger.filter((e) => e.kind === 'refund').map((e) => e.transactionId));
    return this.ledger.filter((e) => e.kind === 'charge' && !refunded.has(e.transactionId));
  }

  private once<T extends ChargeResult | RefundResult>(key: string, act: () => T): T {
    const known = this.answers.get(key);
    if (known) return known as T;
    const answer = act();
    this.answers.set(key, answer);
    return answer;
  }

  private decide(request: ChargeRequest): ChargeResult {
    const card = CARDS[request.token];
    if (!card) return { kind: 'failed', message: 'the payment method token is not a sandbox token' };
    if (request.acceptedCardTypes && !request.acceptedCardTypes.includes(card.brand)) return { kind: 'card-type-rejected', cardType: card.brand };
    if (card.behaviour === 'declines') return { kind: 'declined', message: 'the card was declined' };
    if (card.behaviour === 'processing-error') return { kind: 'failed', message: 'the processor could not process the card' };
    if (card.behaviour === 'three-ds1') {
      const challenge = digest(request.token, String(request.amount.priceMicros), request.amount.currencyCode);
      if (!request.threeDS1) {
        return {
          kind: 'requires-3ds1',
          parameters: { acsUrl: SANDBOX_ACS_URL, paReq: `sandbox-pareq-${challenge}`, transactionId: `sandbox-3ds-${challenge}`, mdMerchantData: `sandbox-md-${challenge}` },
        };
      }
      if (request.threeDS1.paResponse !== SANDBOX_PA_RESPONSE) return { kind: 'failed', message: '3-D Secure authentication failed' };
      if (request.threeDS1.mdMerchantData !== null && request.threeDS1.mdMerchantData !== `sandbox-md-${challenge}`) {
        return { kind: 'failed', message: 'mdMerchantData does not belong to this challenge' };
      }
    }
    const savedCard = request.keepCardOnFile ? `sandbox_card_${digest(request.idempotencyKey)}` : null;
    if (savedCard) this.savedCards.set(savedCard, card.brand);
    const transactionId = request.amount.priceMicros > 0 ? this.record('charge', request.idempotencyKey, request.amount, false) : null;
    return { kind: 'charged', transactionId, cardType: card.brand, savedCard };
  }

  private record(kind: 'charge', idempotencyKey: string, amount: Price, offSession: boolean): string {
    const transactionId = `sandbox_ch_${++this.sequence}`;
    this.ledger.push({ kind, idempotencyKey, transactionId, amount, offSession });
    return transactionId;
  }
}
