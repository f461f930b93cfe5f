// A small demo merchant with two weeks of availability, so `npm start` can be tried at once.
import { ConfirmationMode } from '../domain/enums';
import type { Caller } from '../domain/caller';
import type { AvailabilityInput } from '../services/inputs';
import type { InventoryService } from '../services/inventory.service';
import { localDate, zonedTimeToEpochSec } from '../domain/zoned-time';

export const DEMO_MERCHANT_ID = 'demo-salon';
const TIME_ZONE = 'Europe/Zurich';
const DAYS = 14;
const CHF = (francs: number) => ({ priceMicros: francs * 1_000_000, currencyCode: 'CHF' });

/** The seed writes as the operator: an unrestricted partner, never a configured key. */
const SEEDER: Caller = { id: 'demo-seed', role: 'partner', merchantIds: null };
const STAFF = [
  { staffId: 'alex', staffName: 'Alex' },
  { staffId: 'sam', staffName: 'Sam' },
];

export async function seedDemo(inventory: InventoryService, nowSec: number): Promise<number> {
  await inventory.upsertMerchant(SEEDER, { merchantId: DEMO_MERCHANT_ID, name: 'Demo Salon & Studio', timeZone: TIME_ZONE });
  const services = [
    // One haircut at a time per customer, and at most three booked ahead.
    { serviceId: 'haircut', name: 'Haircut (30 min, with Alex or Sam)', price: CHF(45), minAdvanceOnlineCancelingSec: 3600, preventOverlap: true, maxActiveBookingsPerUser: 3 },
    { serviceId: 'yoga', name: 'Yoga class (60 min, 12 mats)', price: CHF(25), minAdvanceOnlineCancelingSec: 7200 },
    {
      serviceId: 'consultation',
      name: 'Colour consultation by video (confirmed by the salon within a day)',
      price: CHF(0),
      minAdvanceOnlineCancelingSec: 0,
      pendingConfirmationTimeoutSec: 24 * 3600,
      virtualSession: { sessionUrl: 'https://meet.example.com/demo-salon-consultation', meetingId: 'demo-salon-consultation' },
    },
  ];
  for (const service of services) await inventory.upsertService(SEEDER, { merchantId: DEMO_MERCHANT_ID, ...service });

  const availability: AvailabilityInput[] = [];
  for (let day = 0; day < DAYS; day++) {
    const date = localDate(nowSec, TIME_ZONE, day);
    const at = (hour: number, minute = 0) => zonedTimeToEpochSec(date, hour, minute, TIME_ZONE);
    for (let half = 0; half < 16; half++) {
      for (const staff of STAFF) {
        availability.push({
          serviceId: 'haircut',
          startSec: at(9 + Math.floor(half / 2), (half % 2) * 30),
          durationSec: 1800,
          spotsTotal: 1,
          resources: staff,
          confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
        });
      }
    }
    availability.push({
      serviceId: 'yoga',
      startSec: at(18),
      durationSec: 3600,
      spotsTotal: 12,
      availabilityTag: 'evening-class',
      confirmationMode: ConfirmationMode.CONFIRMATION_MODE_SYNCHRONOUS,
    });
    for (const hour of [11, 15]) {
      availability.push({
        serviceId: 'consultation',
        startSec: at(hour),
        durationSec: 2700,
        spotsTotal: 1,
        confirmationMode: ConfirmationMode.CONFIRMATION_MODE_ASYNCHRONOUS,
      });
    }
  }
  // Slots already past when the server starts are left out.
  return inventory.upsertAvailability(SEEDER, {
    merchantId: DEMO_MERCHANT_ID,
    availability: availability.filter((a) => a.startSec > nowSec),
  });
}
