import type { Knex } from 'knex';

// Baseline of release 0.1.0: who launched, from where (users, contexts, resource links,
// enrolments), each launch and the sessions it opened.

// LMS identifiers are case-sensitive ("AbC" and "abc" are two users). SQLite compares them
// exactly already; MySQL's default collations fold case and accents, so pin them binary.
// (knex leaves collate out on SQLite.)
const BINARY = 'utf8mb4_bin';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.string('id', 36).primary();
    t.string('platform_id', 36).notNullable().references('platforms.id');
    t.string('sub', 255).notNullable().collate(BINARY);
    t.string('name', 255).nullable();
    t.string('given_name', 255).nullable();
    t.string('family_name', 255).nullable();
    t.string('email', 255).nullable();
    t.string('locale', 35).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['platform_id', 'sub']);
  });
  await knex.schema.createTable('contexts', (t) => {
    t.string('id', 36).primary();
    t.string('deployment_id', 36).notNullable().references('deployments.id');
    // '' when the launch carried no context claim (LTI core makes it optional)
    t.string('lti_context_id', 255).notNullable().collate(BINARY);
    t.string('label', 255).nullable();
    t.string('title', 255).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['deployment_id', 'lti_context_id']);
  });
  await knex.schema.createTable('resource_links', (t) => {
    t.string('id', 36).primary();
    t.string('context_id', 36).notNullable().references('contexts.id');
    t.string('lti_resource_link_id', 255).notNullable().collate(BINARY);
    t.string('title', 255).nullable();
    t.text('custom', 'mediumtext').notNullable(); // JSON object of the launch's custom parameters
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['context_id', 'lti_resource_link_id']);
  });
  await knex.schema.createTable('enrolments', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id');
    t.string('context_id', 36).notNullable().references('contexts.id');
    t.string('role', 16).notNullable(); // learner | trainer | administrator
    t.text('lti_roles').notNullable(); // JSON array as the platform sent it
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['user_id', 'context_id']);
  });
  await knex.schema.createTable('launches', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id');
    t.string('context_id', 36).notNullable().references('contexts.id');
    t.string('resource_link_id', 36).nullable().references('resource_links.id');
    t.string('message_type', 64).notNullable();
    t.string('role', 16).notNullable();
    t.string('locale', 35).nullable();
    t.string('return_url', 1024).nullable();
    t.text('ags').nullable(); // JSON: { scope[], lineitems?, lineitem? }
    t.text('nrps').nullable(); // JSON: { context_memberships_url, service_versions[] }
    t.bigInteger('created_at').notNullable();
  });
  await knex.schema.createTable('sessions', (t) => {
    // sha-256 of the cookie value, so a database leak is no session leak
    t.string('id', 64).primary().collate(BINARY);
    t.string('launch_id', 36).notNullable().references('launches.id');
    t.string('csrf_token', 64).notNullable();
    t.string('locale', 35).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('launches');
  await knex.schema.dropTable('enrolments');
  await knex.schema.dropTable('resource_links');
  await knex.schema.dropTable('contexts');
  await knex.schema.dropTable('users');
}
