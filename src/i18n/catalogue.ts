import { accountsMessages } from './messages/accounts.js';
import { auditMessages } from './messages/audit.js';
import { clientsMessages } from './messages/clients.js';
import { consoleMessages } from './messages/console.js';
import { coursesMessages } from './messages/courses.js';
import { figuresMessages } from './messages/figures.js';
import { foundingMessages } from './messages/founding.js';
import { membershipMessages } from './messages/membership.js';
import { pagesMessages } from './messages/pages.js';
import { requestsMessages } from './messages/requests.js';
import { schoolRequestsMessages } from './messages/school-requests.js';
import { siteMessages } from './messages/site.js';
import { workspaceMessages } from './messages/workspace.js';

/**
 * Every module's messages, merged. Each module keeps its own file in messages/ so its texts live
 * beside each other; keys are prefixed by module and must not collide.
 */
const modules = [
  siteMessages,
  pagesMessages,
  accountsMessages,
  membershipMessages,
  workspaceMessages,
  consoleMessages,
  auditMessages,
  requestsMessages,
  schoolRequestsMessages,
  coursesMessages,
  clientsMessages,
  foundingMessages,
  figuresMessages,
] as const;

type Merge<T extends readonly { ja: Record<string, string> }[]> = T[number]['ja'];
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;

export type JaCatalogue = UnionToIntersection<Merge<typeof modules>>;
export type MessageKey = keyof JaCatalogue & string;

export const ja = Object.assign({}, ...modules.map((module) => module.ja)) as Record<MessageKey, string>;
export const en = Object.assign({}, ...modules.map((module) => module.en)) as Record<MessageKey, string>;
