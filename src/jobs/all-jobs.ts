import { holdExpirySweep } from './hold-expiry-sweep.ts';
import type { JobDefinition } from './job-definition.ts';
import { autoNoShowSweep, dailyDigestSweep, followUpSweep, paymentExpirySweep, reminderSweep } from './notification-sweeps.ts';

/** Every job this build runs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jobs with different payloads
export const ALL_JOBS: readonly JobDefinition<any>[] = [holdExpirySweep, paymentExpirySweep, reminderSweep, followUpSweep, dailyDigestSweep, autoNoShowSweep];
