// Payment records in MongoDB (StoreReader/StoreWriter payment methods): a merchant's payment options,
// users' packs and memberships, and payment jobs, each one plain document per record addressed by
// _id, so a read is one findOne and a write one replaceOne. Inside a unit every call carries the
// transaction's session: two units that write the same user payment option or the same job write
// the same document, so the later one hits a write conflict (first writer wins) and re-runs on what
// the other committed; that is what spends a pack's count exactly once.
import type { ClientSession, Collection, Document } from 'mongodb';
import type { PaymentJob, PaymentOptionRecord, UserPaymentOptionRecord } from '../../domain/payments';
import { COLLECTIONS } from './documents';

type Collections = (name: string) => Collection;
/** The unit's session (or a snapshot session) when there is one: the reader's and writer's `options`. */
type Options = { session?: ClientSession };

/** One option per (merchant, paymentOptionId); the JSON pair cannot confuse ids that contain a separator. */
const paymentOptionFilter = (merchantId: string, paymentOptionId: string): Document => ({ _id: JSON.stringify([merchantId, paymentOptionId]) });

export const paymentJobDocument = (job: PaymentJob): Document => ({ _id: job.jobId, ...job });

/** Due jobs: dueAtSec <= atSec, in (dueAtSec, jobId) order (jobId is the _id), as the payment_jobs_due index keeps them. */
export const dueJobsFilter = (atSec: number): Document => ({ dueAtSec: { $lte: atSec } });
export const dueJobsSort = { dueAtSec: 1, _id: 1 } as const;

/** A stored record without its storage field. */
function toRecord<T>(doc: Document | null): T | null {
  if (!doc) return null;
  const { _id, ...record } = doc;
  return record as T;
}

export async function getPaymentOption(collection: Collections, options: Options, merchantId: string, paymentOptionId: string): Promise<PaymentOptionRecord | null> {
  return toRecord(await collection(COLLECTIONS.paymentOptions).findOne(paymentOptionFilter(merchantId, paymentOptionId), options));
}

export async function getUserPaymentOption(collection: Collections, options: Options, userPaymentOptionId: string): Promise<UserPaymentOptionRecord | null> {
  return toRecord(await collection(COLLECTIONS.userPaymentOptions).findOne({ _id: userPaymentOptionId } as Document, options));
}

export async function getPaymentJob(collection: Collections, options: Options, jobId: string): Promise<PaymentJob | null> {
  return toRecord(await collection(COLLECTIONS.paymentJobs).findOne({ _id: jobId } as Document, options));
}

export async function listDuePaymentJobs(collection: Collections, options: Options, atSec: number, limit: number): Promise<PaymentJob[]> {
  const docs = await collection(COLLECTIONS.paymentJobs).find(dueJobsFilter(atSec), options).sort(dueJobsSort).limit(limit).toArray();
  return docs.map((d) => toRecord<PaymentJob>(d)!);
}

export async function upsertPaymentOption(collection: Collections, options: Options, option: PaymentOptionRecord): Promise<void> {
  const filter = paymentOptionFilter(option.merchantId, option.paymentOptionId);
  await collection(COLLECTIONS.paymentOptions).replaceOne(filter, { ...filter, ...option }, { ...options, upsert: true });
}

export async function putUserPaymentOption(collection: Collections, options: Options, option: UserPaymentOptionRecord): Promise<void> {
  await collection(COLLECTIONS.userPaymentOptions).replaceOne({ _id: option.userPaymentOptionId } as Document, { _id: option.userPaymentOptionId, ...option }, {
    ...options,
    upsert: true,
  });
}

export async function putPaymentJob(collection: Collections, options: Options, job: PaymentJob): Promise<void> {
  await collection(COLLECTIONS.paymentJobs).replaceOne({ _id: job.jobId } as Document, paymentJobDocument(job), { ...options, upsert: true });
}

export async function deletePaymentJob(collection: Collections, options: Options, jobId: string): Promise<void> {
  await collection(COLLECTIONS.paymentJobs).deleteOne({ _id: jobId } as Document, options);
}
