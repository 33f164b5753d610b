import { dropTemplateDatabase, prepareTemplateDatabase } from './db.js';

export default async function setup() {
  await prepareTemplateDatabase();
  return dropTemplateDatabase;
}
