import { availabilityChangePruning } from './availability-change-pruning.ts';
import { holdExpirySweep } from './hold-expiry-sweep.ts';
import type { JobDefinition } from './job-definition.ts';
import { autoNoShowSweep, dailyDigestSweep, followUpSweep, paymentExpirySweep, refundSweep, reminderSweep } from './notification-sweeps.ts';

/** Every job this build runs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jobs with different payloads
export const ALL_JOBS: readonly JobDefinition<any>[] = [holdExpirySweep, paymentExpirySweep, refundSweep, reminderSweep, followUpSweep, dailyDigestSweep, autoNoShowSweep, availabilityChangePruning];
