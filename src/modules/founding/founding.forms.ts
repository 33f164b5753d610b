import { z } from 'zod';
import { foundingStages } from '../../db/schema/founding.js';
import { jobFields } from '../../db/schema/index.js';
import {
  checkbox,
  choice,
  email,
  formIdField,
  optionalDate,
  optionalText,
  repeated,
  requiredText,
  single,
} from '../../lib/forms.js';
import { findPrefecture } from '../../lib/regions.js';
import { allChecklistItems } from './founding.rules.js';

const prefectureCode = z.preprocess(
  single,
  z.string().refine((code) => findPrefecture(code) !== undefined, { error: 'founding.form.prefecture' }),
);

/** Asking for accompaniment (伴走支援): the group's first description. */
export const groupRequestForm = z.object({
  name: requiredText(100),
  field: choice(jobFields, 'founding.form.field'),
  prefectureCode,
  municipality: optionalText(100),
  idea: requiredText(4000),
  /** The 仕事おこし講座 enrolment asked from: its private link's token, or the account's enrolment id. */
  enrolmentToken: optionalText(100),
  enrolmentId: optionalText(12),
  formId: formIdField,
});
export type GroupRequestInput = z.output<typeof groupRequestForm>;

export const groupRequestLabels = {
  name: 'founding.form.name',
  field: 'founding.form.fieldLabel',
  prefectureCode: 'founding.form.prefectureLabel',
  municipality: 'founding.form.municipality',
  idea: 'founding.form.idea',
  formId: 'founding.form.submit',
} as const;

export const stageMoveForm = z.object({ to: choice(foundingStages, 'founding.stage.notAdjacent') });

export const milestoneForm = z.object({
  stage: choice(foundingStages, 'form.required'),
  milestoneDate: optionalDate('founding.milestone.dateInvalid'),
  notes: optionalText(4000),
});

/** The ticked items of one stage's checklist; the stage's other items are open. */
export const checklistForm = z.object({
  stage: choice(foundingStages, 'form.required'),
  done: z.preprocess(
    repeated,
    z
      .array(z.unknown())
      .max(50)
      .transform((items) =>
        items.flatMap((item) => (allChecklistItems.includes(single(item)) ? [single(item)] : [])),
      ),
  ),
});

export const memberForm = z.object({
  memberName: requiredText(60),
  founder: checkbox,
});
export const memberLabels = {
  memberName: 'founding.member.name',
  founder: 'founding.member.founderLabel',
} as const;

export const invitationForm = z.object({ inviteEmail: email });
export const invitationLabels = { inviteEmail: 'founding.invite.email' } as const;
export const milestoneLabels = { milestoneDate: 'founding.milestone.date' } as const;

export const supporterForm = z.object({
  supporter: z.preprocess(
    single,
    z.string().regex(/^[0-9]{1,10}:[0-9]{1,10}$/, { error: 'founding.assign.choose' }),
  ),
});

// --- The co-founder board ------------------------------------------------------------------------

export const cardForm = z.object({
  nickname: requiredText(40),
  prefectureCode,
  municipality: optionalText(100),
  field: choice(jobFields, 'founding.form.field'),
  wish: requiredText(2000),
  availability: requiredText(500),
  formId: formIdField,
});
export type CardInput = z.output<typeof cardForm>;
export const cardLabels = {
  nickname: 'cofounder.form.nickname',
  prefectureCode: 'cofounder.form.prefecture',
  municipality: 'cofounder.form.municipality',
  field: 'cofounder.form.field',
  wish: 'cofounder.form.wish',
  availability: 'cofounder.form.availability',
  formId: 'cofounder.form.submit',
} as const;

export const answerForm = z.object({
  nickname: requiredText(40),
  body: requiredText(2000),
  formId: formIdField,
});
export type AnswerInput = z.output<typeof answerForm>;
export const answerLabels = {
  nickname: 'cofounder.answer.nickname',
  body: 'cofounder.answer.body',
  formId: 'cofounder.answer.submit',
} as const;

export const replyForm = z.object({ reply: requiredText(2000) });
export const replyLabels = { reply: 'cofounder.reply.body' } as const;

/** Board filters from the query string; anything unknown is ignored rather than refused. */
export const boardQuery = z.object({
  prefecture: z.preprocess(
    (value) => (findPrefecture(single(value)) ? single(value) : undefined),
    z.string().optional(),
  ),
  field: z.preprocess(
    (value) => (jobFields.includes(single(value) as never) ? single(value) : undefined),
    z.enum(jobFields).optional(),
  ),
});
export type BoardFilters = z.output<typeof boardQuery>;
