// The payment half of the engine, composed once: the processor (none with PAYMENT_PROCESSOR=none),
// the charge of new bookings, refunds and fees, and the reconciliation of work a request left behind.
import type { Clock } from '../../domain/clock';
import type { PaymentJob, PaymentProcessor } from '../../domain/payments';
import type { BookingStore } from '../../store/store.port';
import { BookingCharges } from './booking-charge';
import { PaymentFollowUps } from './booking-money';

export interface PaymentsWiring {
  processor: PaymentProcessor | null;
  /** How long a booking's spots are held for its charge, and when reconciliation may take the charge over. */
  holdSec: number;
}

export const DEFAULT_PAYMENT_HOLD_SEC = 120;
export const NO_PAYMENTS: PaymentsWiring = { processor: null, holdSec: DEFAULT_PAYMENT_HOLD_SEC };

export class PaymentEngine {
  readonly charges: BookingCharges | null;
  readonly followUps: PaymentFollowUps;

  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    wiring: PaymentsWiring,
  ) {
    this.charges = wiring.processor ? new BookingCharges(store, clock, wiring.processor, wiring.holdSec) : null;
    this.followUps = new PaymentFollowUps(store, clock, wiring.processor);
  }

  get processorName(): string | null {
    return this.charges ? this.followUps.processorName : null;
  }

  /** The payment work due at `atSec`, earliest first. */
  dueJobs(atSec: number, limit = RECONCILE_PAGE): Promise<PaymentJob[]> {
    return this.store.reader.listDuePaymentJobs(atSec, limit);
  }

  /**
   * Settles payment work a request left behind (charges whose request died or gave up, refunds and
   * fees not made yet). A job that fails, or belongs to another processor than this process's, is
   * put off by RETRY_SEC so that it never blocks the jobs behind it. Answers what it did.
   */
  async reconcile(jobs: readonly PaymentJob[]): Promise<{ settled: number; failed: Array<{ jobId: string; error: unknown }> }> {
    const failed: Array<{ jobId: string; error: unknown }> = [];
    let settled = 0;
    for (const job of jobs) {
      try {
        if (job.kind === 'booking-charge') {
          if (!this.charges || job.processor !== this.processorName) throw new Error(`charged through ${job.processor}, not this process's processor`);
          await this.charges.reconcile(job);
        } else {
          await this.followUps.runOne(job);
        }
        settled++;
      } catch (error) {
        failed.push({ jobId: job.jobId, error });
        await this.putOff(job).catch(() => undefined);
      }
    }
    return { settled, failed };
  }

  private async putOff(job: PaymentJob): Promise<void> {
    const later = this.clock.nowSec() + RETRY_SEC;
    await this.store.unitOfWork(async (tx) => {
      const current = await tx.getPaymentJob(job.jobId);
      if (current && JSON.stringify(current) === JSON.stringify(job)) await tx.putPaymentJob({ ...job, dueAtSec: later });
    });
  }
}

const RECONCILE_PAGE = 100;
/** A job that could not be settled is taken up again this much later. */
const RETRY_SEC = 60;
