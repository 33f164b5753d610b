import type { ServiceContext } from '../../auth/context.js';
import { eraseExpiredCases } from './clients.service.js';

/** Months a closed case is kept after closing or after its last request ended (default). */
export const DEFAULT_CLIENT_RETENTION_MONTHS = 12;

export interface ClientMaintenanceReport {
  erased: number;
}

/**
 * Hourly upkeep of counselors' clients, run beside the other modules' (server.ts): closed cases are
 * erased CLIENT_RETENTION_MONTHS after closing or after the client's last request ended, whichever is
 * later (clients.service.ts `erasureAt`). Each client is claimed under a row lock, so overlapping runs
 * (several processes) erase each once. The report holds counts only: nothing that names a person.
 */
export async function runClientMaintenance(
  ctx: ServiceContext,
  options: { retentionMonths?: number } = {},
): Promise<ClientMaintenanceReport> {
  return {
    erased: await eraseExpiredCases(ctx, options.retentionMonths ?? DEFAULT_CLIENT_RETENTION_MONTHS),
  };
}
