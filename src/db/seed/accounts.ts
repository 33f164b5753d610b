import type { Db } from '../client.js';

/** Demo accounts (secretariat and co-op staff), documented in README.md. */
export async function seedDemoAccounts(_db: Db): Promise<void> {}
