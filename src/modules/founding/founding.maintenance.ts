import type { ServiceContext } from '../../auth/context.js';
import { maintainCards } from './cofounders.service.js';
import { deleteExpiredInvitations } from './founding.service.js';

export interface FoundingMaintenanceReport {
  cardsExpired: number;
  expiryNoticesSent: number;
  invitationsDeleted: number;
}

/** Hourly upkeep beside the postings' (server.ts): co-founder cards expire, stale invitations go. */
export async function runFoundingMaintenance(ctx: ServiceContext): Promise<FoundingMaintenanceReport> {
  const cards = await maintainCards(ctx);
  return {
    cardsExpired: cards.expired,
    expiryNoticesSent: cards.noticesSent,
    invitationsDeleted: await deleteExpiredInvitations(ctx),
  };
}
