import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { actorOf, inTransaction, type ServiceContext } from '../../auth/context.js';
import {
  type ConsultationEvent,
  type ConsultationEventOutcome,
  consultationEventOutcomesTable,
  consultationEventsTable,
} from '../../db/schema/index.js';
import { NotFoundError } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import type { EventInput } from './events.forms.js';

export interface EventWithOutcomes extends ConsultationEvent {
  outcomes: ConsultationEventOutcome[];
}

function columnsOf(input: EventInput) {
  return {
    title: input.title,
    heldOn: input.heldOn,
    online: input.online,
    prefectureCode: input.prefectureCode,
    municipality: input.online ? '' : input.municipality,
    place: input.online ? '' : input.place,
    organisers: input.organisers,
    participants: input.participants,
    consulted: input.consulted,
    notes: input.notes,
  };
}

async function replaceOutcomes(ctx: ServiceContext, eventId: number, input: EventInput) {
  await ctx.db
    .delete(consultationEventOutcomesTable)
    .where(eq(consultationEventOutcomesTable.eventId, eventId));
  if (input.outcomes.length)
    await ctx.db
      .insert(consultationEventOutcomesTable)
      .values(input.outcomes.map((outcome) => ({ eventId, ...outcome })));
}

/**
 * Records an event with its outcomes. A second submit of the same form (a double click, a retried POST)
 * finds the event the first one recorded: the form id is unique, so the insert does nothing the second time.
 */
export async function recordEvent(
  ctx: ServiceContext,
  input: EventInput & { formId: string },
): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const [created] = await tx.db
      .insert(consultationEventsTable)
      .values({
        ...columnsOf(input),
        formId: input.formId,
        createdBy: actorOf(tx).userId,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .onConflictDoNothing({ target: consultationEventsTable.formId })
      .returning({ id: consultationEventsTable.id });
    if (!created) {
      const [existing] = await tx.db
        .select({ id: consultationEventsTable.id })
        .from(consultationEventsTable)
        .where(eq(consultationEventsTable.formId, input.formId));
      if (!existing) throw new NotFoundError();
      return existing.id;
    }
    await replaceOutcomes(tx, created.id, input);
    await audit(tx, {
      action: 'consultation_event.create',
      subject: { type: 'consultation_event', id: created.id },
      details: { outcomes: input.outcomes.length },
    });
    return created.id;
  });
}

/** Changes an event; the audit entry names the fields that changed, never their values. */
export async function updateEvent(ctx: ServiceContext, eventId: number, input: EventInput): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await findEvent(tx, eventId, { forUpdate: true });
    const after = columnsOf(input);
    const fields = (Object.keys(after) as (keyof typeof after)[]).filter((key) => before[key] !== after[key]);
    const outcomesOf = (list: { kind: string; people: number; note: string }[]) =>
      JSON.stringify(list.map(({ kind, people, note }) => [kind, people, note]));
    if (outcomesOf(before.outcomes) !== outcomesOf(input.outcomes)) fields.push('outcomes' as never);
    await tx.db
      .update(consultationEventsTable)
      .set({ ...after, updatedAt: tx.now })
      .where(eq(consultationEventsTable.id, eventId));
    await replaceOutcomes(tx, eventId, input);
    await audit(tx, {
      action: 'consultation_event.update',
      subject: { type: 'consultation_event', id: eventId },
      details: { fields },
    });
  });
}

export async function deleteEvent(ctx: ServiceContext, eventId: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const event = await findEvent(tx, eventId, { forUpdate: true });
    await tx.db.delete(consultationEventsTable).where(eq(consultationEventsTable.id, eventId));
    await audit(tx, {
      action: 'consultation_event.delete',
      subject: { type: 'consultation_event', id: eventId },
      details: { outcomes: event.outcomes.length },
    });
  });
}

export async function findEvent(
  ctx: ServiceContext,
  eventId: number,
  options: { forUpdate?: boolean } = {},
): Promise<EventWithOutcomes> {
  const query = ctx.db.select().from(consultationEventsTable).where(eq(consultationEventsTable.id, eventId));
  const [event] = options.forUpdate ? await query.for('update') : await query;
  if (!event) throw new NotFoundError();
  const outcomes = await ctx.db
    .select()
    .from(consultationEventOutcomesTable)
    .where(eq(consultationEventOutcomesTable.eventId, eventId))
    .orderBy(asc(consultationEventOutcomesTable.id));
  return { ...event, outcomes };
}

/** Newest first, a page at a time, each with its outcomes. */
export async function listEvents(
  ctx: ServiceContext,
  options: { limit: number; offset: number },
): Promise<{ total: number; events: EventWithOutcomes[] }> {
  const [totals] = await ctx.db.select({ total: count() }).from(consultationEventsTable);
  const events = await ctx.db
    .select()
    .from(consultationEventsTable)
    .orderBy(desc(consultationEventsTable.heldOn), desc(consultationEventsTable.id))
    .limit(options.limit)
    .offset(options.offset);
  const ids = events.map((event) => event.id);
  const outcomes = ids.length
    ? await ctx.db
        .select()
        .from(consultationEventOutcomesTable)
        .where(and(inArray(consultationEventOutcomesTable.eventId, ids)))
        .orderBy(asc(consultationEventOutcomesTable.id))
    : [];
  return {
    total: totals?.total ?? 0,
    events: events.map((event) => ({
      ...event,
      outcomes: outcomes.filter((outcome) => outcome.eventId === event.id),
    })),
  };
}
