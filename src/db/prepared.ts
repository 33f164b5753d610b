import type { Db } from './client.js';

/**
 * A statement the query builder builds once per database handle rather than on every request, for the
 * pages read most (a posting and its slots): building their SQL was a sixth of such a page's time. On
 * PostgreSQL the statement is also named, so each connection parses and plans it once. Values go in as
 * `sql.placeholder`s. (A pooler in transaction mode, such as PgBouncer's, must keep prepared statements.)
 */
export function preparedPerDatabase<Statement>(build: (db: Db) => Statement): (db: Db) => Statement {
  const statements = new WeakMap<Db, Statement>();
  return (db) => {
    let statement = statements.get(db);
    if (statement === undefined) {
      statement = build(db);
      statements.set(db, statement);
    }
    return statement;
  };
}
