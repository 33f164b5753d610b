import type { Db } from '../../db/client.js';

/** Daily upkeep: filled in by the workspace module (posting expiry and its notices). */
export async function runMaintenance(_db: Db, _now: Date): Promise<void> {}
