import type { Knex } from 'knex';

// LMS identifiers are case-sensitive ("AbC" and "abc" are two users). SQLite compares them
// exactly already; MySQL's default collations fold case and accents, so pin them binary.
const COLUMNS: Array<[table: string, column: string, length: number]> = [
  ['platforms', 'issuer', 255],
  ['platforms', 'client_id', 255],
  ['deployments', 'deployment_id', 255],
  ['users', 'sub', 255],
  ['contexts', 'lti_context_id', 255],
  ['resource_links', 'lti_resource_link_id', 255],
  ['oidc_states', 'state', 64],
  ['oidc_states', 'nonce', 64],
  ['sessions', 'id', 64],
  ['certificates', 'code', 32],
];

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'mysql2') return;
  for (const [table, column, length] of COLUMNS) {
    await knex.raw(`ALTER TABLE ?? MODIFY ?? VARCHAR(${length}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`, [table, column]);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'mysql2') return;
  for (const [table, column, length] of COLUMNS) {
    await knex.raw(`ALTER TABLE ?? MODIFY ?? VARCHAR(${length}) CHARACTER SET utf8mb4 NOT NULL`, [table, column]);
  }
}
