/**
 * A minimal peer for the posting page: plain Express 5 + EJS + pg, running the two queries the app's
 * /jobs/:id sent when this peer was written (the posting with its workplace, organisation and governance
 * card; the workplace's next open slots; the app now reads both in one) and rendering a page of the same
 * content. No session, no security headers, no i18n, no
 * cache: what a page like ours costs with nothing around it. devDependencies only; started by the bench.
 */
import { fileURLToPath } from 'node:url';
import express from 'express';
import pg from 'pg';

const port = Number(process.env.PORT ?? 0);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  options: '-c work_mem=32MB -c jit=off -c max_parallel_workers_per_gather=0',
});

const POSTING = `
  select p.id, p.workplace_id, p.organisation_id, p.status, p.title, p.occupation, p.field, p.duties,
    p.change_scope, p.employment_form, p.contract_type, p.contract_details, p.wage_min, p.wage_max,
    p.wage_unit, p.allowances, p.commuting_pay, p.hourly_wage_equivalent, p.monthly_wage_equivalent,
    p.work_start, p.work_end, p.break_minutes, p.shift_notes, p.weekly_hours, p.work_days, p.overtime,
    p.days_off, p.insurance_employment, p.insurance_workers_comp, p.insurance_health, p.insurance_pension,
    p.requirements, p.welcome_tags, p.openings, p.membership_terms, p.accepts_visit, p.accepts_experience,
    p.accepts_short_trial, p.posted_on, p.valid_through, p.created_at, p.updated_at,
    p.expiry_notice_sent_at, p.moderation_note, p.pending_revision,
    row_to_json(w) as w, row_to_json(o) as o, row_to_json(g) as g
  from job_postings p
  join workplaces w on w.id = p.workplace_id
  join organisations o on o.id = p.organisation_id
  left join coop_governance g on g.organisation_id = o.id
  where p.id = $1`;
const SLOTS = `
  select * from availability_slots
  where workplace_id = $1 and status = 'open' and starts_at > now() and booked < capacity
  order by starts_at, id limit 3`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const lines = (text: string) => escapeHtml(text ?? '').replace(/\n/g, '<br>');

const app = express();
app.set('view engine', 'ejs');
app.set('views', fileURLToPath(new URL('./peer', import.meta.url)));
// EJS caches compiled templates only when asked (Express does so in production).
app.set('view cache', true);

app.get('/readyz', (_request, response) => {
  response.json({ status: 'ready' });
});
app.get('/jobs/:id', async (request, response, next) => {
  try {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id < 1) return void response.status(404).send('not found');
    const { rows } = await pool.query(POSTING, [id]);
    const row = rows[0];
    if (!row || row.status === 'draft' || row.o.approval_state !== 'approved')
      return void response.status(404).send('not found');
    const slots = (await pool.query(SLOTS, [row.workplace_id])).rows;
    const wage = `${row.wage_min.toLocaleString('ja-JP')}円${row.wage_max ? `〜${row.wage_max.toLocaleString('ja-JP')}円` : ''}`;
    response.render('show', {
      p: row,
      w: row.w,
      o: row.o,
      g: row.g,
      slots,
      wage,
      lines,
      closed: row.status !== 'published',
      canonical: `http://127.0.0.1/jobs/${id}`,
    });
  } catch (error) {
    next(error);
  }
});

const server = app.listen(port, '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => void pool.end().then(() => process.exit(0)));
  });
}
