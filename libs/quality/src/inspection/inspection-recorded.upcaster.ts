import type { Upcaster } from '@lotstream/event-store';

/** The unit written into InspectionRecorded v1 data, which had none. */
export const UNSPECIFIED_UNIT = 'unspecified';

/**
 * InspectionRecorded v1 → v2: version 1 had no `characteristic.unit`. The stored v1 row is never
 * rewritten (its hash covers it as stored); readers get `unit: "unspecified"`.
 */
export const inspectionRecordedV1ToV2: Upcaster = {
  type: 'InspectionRecorded',
  fromVersion: 1,
  upcast: (data) => ({
    ...data,
    characteristic: { ...(data.characteristic ?? {}), unit: data.characteristic?.unit ?? UNSPECIFIED_UNIT },
  }),
};

/** Quality's upcasters, registered with the event store where the app is composed (ALL_UPCASTERS). */
export const QUALITY_UPCASTERS: Upcaster[] = [inspectionRecordedV1ToV2];
