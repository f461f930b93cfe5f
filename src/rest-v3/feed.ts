// Google's availability feed (AvailabilityFeed: metadata + service_availability), the file Google's
// test client reads with -availability_feed and the Actions Center ingests. Written the way Google's
// samples write it: int64 values as JSON numbers, which every proto3 JSON reader also accepts.
import type { InventoryExport } from '../services/inventory-export.service';

export function availabilityFeed(exported: InventoryExport, nonce: number): Record<string, unknown> {
  return {
    metadata: {
      processing_instruction: 'PROCESS_AS_COMPLETE',
      shard_number: 0,
      total_shards: 1,
      nonce,
      generation_timestamp: exported.atSec,
    },
    service_availability: [
      {
        availability: exported.slots.map(({ slot, spotsTotal, countAvailable }) => ({
          merchant_id: slot.merchantId,
          service_id: slot.serviceId,
          start_sec: slot.startSec,
          duration_sec: slot.durationSec,
          spots_total: spotsTotal,
          spots_open: countAvailable,
          ...(slot.availabilityTag !== null && { availability_tag: slot.availabilityTag }),
          ...(slot.resources && {
            resources: {
              ...(slot.resources.staffId && { staff_id: slot.resources.staffId }),
              ...(slot.resources.staffName && { staff_name: slot.resources.staffName }),
              ...(slot.resources.roomId && { room_id: slot.resources.roomId }),
              ...(slot.resources.roomName && { room_name: slot.resources.roomName }),
            },
          }),
          confirmation_mode: slot.confirmationMode,
        })),
      },
    ],
  };
}
