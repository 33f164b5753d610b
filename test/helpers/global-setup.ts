import { prepareTemplateDatabase } from './db.js';

export default async function setup() {
  await prepareTemplateDatabase();
}
