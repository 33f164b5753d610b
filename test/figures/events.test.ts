import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLogTable,
  consultationEventOutcomesTable,
  consultationEventsTable,
} from '../../src/db/schema/index.js';
import { randomToken } from '../../src/lib/secrets.js';
import { useTestApp } from '../helpers/app.js';
import { postForm } from '../helpers/auth.js';
import { TestClock } from '../helpers/clock.js';
import { secretariatAgent } from './support.js';

// Noon in Tokyo on 2 December 2026.
const clock = new TestClock(new Date('2026-12-02T03:00:00Z'));
const context = useTestApp({}, clock.now);
const db = () => context.database.db;

function eventForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    formId: randomToken(18),
    title: '仕事おこし相談交流会 in 世田谷',
    heldOn: '2026-11-14',
    prefectureCode: '13',
    municipality: '世田谷区',
    place: '区民会館 第1会議室',
    organisers: 'ワーカーズコープ東京中部事業本部',
    participants: '16人',
    consulted: '９',
    outcomeKind0: 'coop_work',
    outcomePeople0: '5',
    outcomeNote0: '介護事業所で2人、配食で3人',
    outcomeKind1: 'visit_or_trial',
    outcomePeople1: '3',
    notes: '',
    ...overrides,
  };
}

const events = () => db().select().from(consultationEventsTable).orderBy(asc(consultationEventsTable.id));
const outcomesOf = (eventId: number) =>
  db()
    .select({
      kind: consultationEventOutcomesTable.kind,
      people: consultationEventOutcomesTable.people,
      note: consultationEventOutcomesTable.note,
    })
    .from(consultationEventOutcomesTable)
    .where(eq(consultationEventOutcomesTable.eventId, eventId))
    .orderBy(asc(consultationEventOutcomesTable.id));
const auditOf = (action: string) => db().select().from(auditLogTable).where(eq(auditLogTable.action, action));

describe('recording a consultation event', () => {
  it('records the event and its counted outcomes, audited, and lists it', async () => {
    const { agent, user } = await secretariatAgent(context);
    const response = await postForm(agent, '/console/events', eventForm()).expect(303);
    const [event] = await events();
    expect(response.headers.location).toBe(`/console/events/${event!.id}?notice=recorded`);
    expect(event).toMatchObject({
      title: '仕事おこし相談交流会 in 世田谷',
      heldOn: '2026-11-14',
      online: false,
      prefectureCode: '13',
      participants: 16,
      consulted: 9,
      createdBy: user.id,
    });
    expect(await outcomesOf(event!.id)).toEqual([
      { kind: 'coop_work', people: 5, note: '介護事業所で2人、配食で3人' },
      { kind: 'visit_or_trial', people: 3, note: '' },
    ]);
    const [entry] = await auditOf('consultation_event.create');
    expect(entry).toMatchObject({
      actorUserId: user.id,
      subjectType: 'consultation_event',
      subjectId: event!.id,
    });
    const list = (await agent.get('/console/events').expect(200)).text;
    expect(list).toContain('仕事おこし相談交流会 in 世田谷');
    expect(list).toContain('ワーカーズ（協同組合）内で就労 5人');
    expect(list).toContain('2026年11月14日');
  });

  it('records one event when the same form is sent twice', async () => {
    const { agent } = await secretariatAgent(context);
    const form = eventForm();
    const first = await postForm(agent, '/console/events', form).expect(303);
    const second = await postForm(agent, '/console/events', form).expect(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await events()).toHaveLength(1);
    expect(await auditOf('consultation_event.create')).toHaveLength(1);
  });

  it('keeps an online event without a venue, counted in the organisers’ prefecture', async () => {
    const { agent } = await secretariatAgent(context);
    await postForm(
      agent,
      '/console/events',
      eventForm({ online: '1', place: '', municipality: '世田谷区', prefectureCode: '27' }),
    ).expect(303);
    const [event] = await events();
    expect(event).toMatchObject({ online: true, place: '', municipality: '', prefectureCode: '27' });
  });

  it('shows the form again at 422 with what was typed and each problem beside its field', async () => {
    const { agent } = await secretariatAgent(context);
    for (const [overrides, field, message] of [
      [{ heldOn: '2026-12-03' }, 'heldOn', '開催日が今日より後になっています。'],
      [{ heldOn: '2026-02-30' }, 'heldOn', '開催日を「2026-11-14」のように入力してください。'],
      [{ consulted: '20' }, 'consulted', '相談した人数が参加人数より多くなっています。'],
      [{ participants: '-1' }, 'participants', '0以上の整数で入力してください'],
      [{ place: '' }, 'place', '会場名を入力してください'],
      [{ prefectureCode: '99' }, 'prefectureCode', '都道府県を選んでください。'],
      [{ outcomePeople1: '' }, 'outcomePeople1', '人数を1以上の整数で入力してください。'],
      [{ outcomeKind2: '', outcomePeople2: '4' }, 'outcomeKind2', '結果の種類を選んでください。'],
      [{ outcomeKind3: 'nonsense', outcomePeople3: '1' }, 'outcomeKind3', '結果の種類を選んでください。'],
    ] as const) {
      const response = await postForm(agent, '/console/events', eventForm(overrides));
      expect(response.status, field).toBe(422);
      expect(response.text, field).toContain(`id="f-${field}-error"`);
      expect(response.text, field).toContain(message);
      expect(response.text, field).toContain('value="仕事おこし相談交流会 in 世田谷"');
      expect(response.text, field).toContain(`href="#f-${field}"`);
    }
    // Nothing sent at all, or an expired form id: still a page, never a 500.
    expect((await postForm(agent, '/console/events', {})).status).toBe(422);
    expect((await postForm(agent, '/console/events', eventForm({ formId: 'x' }))).status).toBe(422);
    expect(await events()).toHaveLength(0);
  });
});

describe('changing and deleting an event', () => {
  it('saves changes with an audit entry that names the changed fields, not their values', async () => {
    const { agent } = await secretariatAgent(context);
    await postForm(agent, '/console/events', eventForm()).expect(303);
    const [event] = await events();
    const page = (await agent.get(`/console/events/${event!.id}`).expect(200)).text;
    expect(page).toContain('value="16"');
    expect(page).toContain('介護事業所で2人、配食で3人');
    const { formId: _formId, ...changes } = eventForm({
      participants: '18',
      outcomeKind1: '',
      outcomePeople1: '',
    });
    await postForm(agent, `/console/events/${event!.id}`, changes).expect(303);
    const [saved] = await events();
    expect(saved!.participants).toBe(18);
    expect(await outcomesOf(event!.id)).toEqual([
      { kind: 'coop_work', people: 5, note: '介護事業所で2人、配食で3人' },
    ]);
    const [entry] = await auditOf('consultation_event.update');
    expect(entry!.details).toEqual({ fields: ['participants', 'outcomes'] });
    const log = (await agent.get('/console/audit').expect(200)).text;
    expect(log).toContain('相談交流会の記録を変更');
    expect(log).toContain('参加人数');
    // A refused edit keeps the stored event as it was.
    await postForm(agent, `/console/events/${event!.id}`, { ...changes, consulted: '99' }).expect(422);
    expect((await events())[0]!.consulted).toBe(9);
  });

  it('deletes an event and its outcomes, audited; the figures no longer count it', async () => {
    const { agent } = await secretariatAgent(context);
    await postForm(agent, '/console/events', eventForm()).expect(303);
    const [event] = await events();
    const before = (await agent.get('/console/figures?from=2026-11&to=2026-11').expect(200)).text;
    expect(before).toContain('参加人数は期間の合計16人');
    const response = await postForm(agent, `/console/events/${event!.id}/delete`, {}).expect(303);
    expect(response.headers.location).toBe('/console/events?notice=deleted');
    expect(await events()).toHaveLength(0);
    expect(await outcomesOf(event!.id)).toHaveLength(0);
    expect(await auditOf('consultation_event.delete')).toHaveLength(1);
    await agent.get(`/console/events/${event!.id}`).expect(404);
    const after = (await agent.get('/console/figures?from=2026-11&to=2026-11').expect(200)).text;
    expect(after).toContain('<p id="events-summary">この期間と地域の記録はありません（0件）。</p>');
  });
});
