// A merchant's packs and memberships (upsertPaymentOption) and issuing one to a user
// (issueUserPaymentOption): partner and merchant operations, each for the merchants its key serves.
import type { Caller } from '../../domain/caller';
import type { Clock } from '../../domain/clock';
import { invalidArgument, notFound } from '../../domain/errors';
import { PaymentOptionType, type PaymentOptionRecord, type UserPaymentOptionRecord } from '../../domain/payments';
import type { BookingStore } from '../../store/store.port';
import { assertServesMerchant } from '../access';
import { newId } from '../ids';
import type { IssueUserPaymentOptionRequest, UpsertPaymentOptionRequest } from '../inputs';
import { isAbsent, optionalInt, requireId, requireText } from '../validate';

/** Most uses one multi-use pack may hold. */
export const MAX_PACK_COUNT = 10_000;

export class PaymentOptionsService {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
  ) {}

  async upsertPaymentOption(caller: Caller, input: UpsertPaymentOptionRequest): Promise<PaymentOptionRecord> {
    const merchantId = requireId('input.merchantId', input.merchantId);
    assertServesMerchant(caller, merchantId, 'input.merchantId');
    const option: PaymentOptionRecord = {
      merchantId,
      paymentOptionId: requireId('input.paymentOptionId', input.paymentOptionId),
      name: requireText('input.name', input.name, 200),
      type: input.type,
      count: countOf(input),
      validDurationSec: optionalInt('input.validDurationSec', input.validDurationSec, 1),
    };
    await this.store.unitOfWork(async (tx) => {
      const [merchant] = await tx.getMerchants([merchantId]);
      if (!merchant) throw invalidArgument('input.merchantId', `unknown merchant "${merchantId}"`);
      await tx.upsertPaymentOption(option);
    });
    return option;
  }

  async issueUserPaymentOption(caller: Caller, input: IssueUserPaymentOptionRequest): Promise<UserPaymentOptionRecord> {
    const merchantId = requireId('input.merchantId', input.merchantId);
    assertServesMerchant(caller, merchantId, 'input.merchantId');
    const userId = requireId('input.userId', input.userId);
    const paymentOptionId = requireId('input.paymentOptionId', input.paymentOptionId);
    return this.store.unitOfWork(async (tx) => {
      const option = await tx.getPaymentOption(merchantId, paymentOptionId);
      if (!option) throw notFound(`unknown payment option "${paymentOptionId}" of merchant "${merchantId}"`, 'input.paymentOptionId');
      const now = this.clock.nowSec();
      const issued: UserPaymentOptionRecord = {
        userPaymentOptionId: newId(),
        merchantId,
        userId,
        paymentOptionId,
        type: option.type,
        validStartTimeSec: now,
        validEndTimeSec: option.validDurationSec === null ? null : now + option.validDurationSec,
        originalCount: option.count,
        currentCount: option.count,
      };
      await tx.putUserPaymentOption(issued);
      return issued;
    });
  }
}

/** Uses per issue, by type: one for single use, the pack size for multi use, none for unlimited. */
function countOf(input: UpsertPaymentOptionRequest): number | null {
  switch (input.type) {
    case PaymentOptionType.PAYMENT_OPTION_SINGLE_USE:
      if (!isAbsent(input.count) && input.count !== 1) throw invalidArgument('input.count', 'a single-use option has a count of 1 (or none)');
      return 1;
    case PaymentOptionType.PAYMENT_OPTION_MULTI_USE: {
      const count = optionalInt('input.count', input.count, 1, MAX_PACK_COUNT);
      if (count === null) throw invalidArgument('input.count', 'is required for a multi-use option');
      return count;
    }
    case PaymentOptionType.PAYMENT_OPTION_UNLIMITED_USE:
      if (!isAbsent(input.count)) throw invalidArgument('input.count', 'an unlimited-use option has no count');
      return null;
    default:
      throw invalidArgument('input.type', 'must be SINGLE_USE, MULTI_USE or UNLIMITED_USE');
  }
}
