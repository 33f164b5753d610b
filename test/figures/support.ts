import type { Db } from '../../src/db/client.js';
import {
  consultationEventOutcomesTable,
  consultationEventsTable,
  type EventOutcomeKind,
  placementRequestsTable,
  type RequestKind,
  type RequestOutcome,
  type RequestState,
} from '../../src/db/schema/index.js';
import { randomToken, sha256 } from '../../src/lib/secrets.js';
import type { TestContext } from '../helpers/app.js';
import { addMembership, createUser, signedInAgent } from '../helpers/auth.js';
import { createOrganisation } from '../helpers/factories.js';

/** A signed-in member of the secretariat. */
export async function secretariatAgent(context: TestContext) {
  const db = context.database.db;
  const secretariat = await createOrganisation(db, {
    kind: 'secretariat',
    legalForm: 'general_association',
    name: 'よいしごとステーション事務局',
  });
  const user = await createUser(db);
  await addMembership(db, user.id, secretariat.id, 'admin');
  return { agent: await signedInAgent(context, user), user, secretariat };
}

/** A request straight in the database, as it stands after its lifecycle (no person's data). */
export async function insertRequest(
  db: Db,
  place: { organisationId: number; workplaceId: number },
  values: {
    kind: RequestKind;
    state: RequestState;
    createdAt: string;
    scheduledStart?: string;
    outcome?: RequestOutcome;
  },
) {
  await db.insert(placementRequestsTable).values({
    kind: values.kind,
    state: values.state,
    outcome: values.outcome ?? null,
    intent: 'listen_first',
    organisationId: place.organisationId,
    workplaceId: place.workplaceId,
    contactName: '',
    formId: crypto.randomUUID(),
    followTokenHash: sha256(randomToken()),
    createdAt: new Date(values.createdAt),
    scheduledStart: values.scheduledStart ? new Date(values.scheduledStart) : null,
    scheduledEnd: values.scheduledStart
      ? new Date(new Date(values.scheduledStart).getTime() + 3_600_000)
      : null,
    closedAt: ['completed', 'no_show', 'declined'].includes(values.state) ? new Date(values.createdAt) : null,
    updatedAt: new Date(values.createdAt),
  });
}

export async function insertEvent(
  db: Db,
  values: {
    heldOn: string;
    prefectureCode: string;
    participants: number;
    consulted: number;
    outcomes?: [EventOutcomeKind, number][];
    title?: string;
  },
) {
  const [event] = await db
    .insert(consultationEventsTable)
    .values({
      title: values.title ?? '相談交流会',
      heldOn: values.heldOn,
      prefectureCode: values.prefectureCode,
      place: '市民会館',
      organisers: 'テスト協同組合',
      participants: values.participants,
      consulted: values.consulted,
      formId: randomToken(18),
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  if (values.outcomes?.length)
    await db
      .insert(consultationEventOutcomesTable)
      .values(values.outcomes.map(([kind, people]) => ({ eventId: event!.id, kind, people })));
  return event!;
}

/** The cells of a section's table on the dashboard page, body and totals, as text. */
export function tableRows(html: string, sectionId: string): string[][] {
  const start = html.indexOf(`<section id="${sectionId}"`);
  if (start < 0) throw new Error(`no section ${sectionId}`);
  const section = html.slice(start, html.indexOf('</section>', start));
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</table>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      (cell[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    ),
  );
}

/** A CSV without quoting surprises (our labels and numbers have no commas or quotes), as rows of cells. */
export function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}
