import type { Knex } from 'knex';

// Rate limits shared by every Beacon process on the database: one row per bucket, hashed
// client address and fixed window, counted up atomically and swept once the window is over.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('bucket', 32).notNullable();
    // SHA-256 (hex) of the address with the installation's salt: the address itself is never stored.
    t.string('key', 64).notNullable();
    t.bigInteger('window_start').notNullable();
    t.integer('count').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.primary(['bucket', 'key', 'window_start']);
    t.index(['expires_at'], 'rate_limits_expires_at_index');
  });
  // One row: the salt made when the first limit is checked, the same for every process.
  await knex.schema.createTable('rate_limit_salt', (t) => {
    t.integer('id').notNullable().primary();
    t.string('salt', 64).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limit_salt');
  await knex.schema.dropTable('rate_limits');
}
