import type { Knex } from 'knex';

// Baseline of release 0.1.0: issued certificates and each deployment's certificate settings.

// Verification codes are compared exactly: SQLite does already; MySQL's default collations
// fold case and accents, so pin the column binary. (knex leaves collate out on SQLite.)
const BINARY = 'utf8mb4_bin';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificates', (t) => {
    t.string('id', 36).primary();
    t.string('code', 32).notNullable().unique().collate(BINARY); // verification code, 100 random bits
    t.string('user_id', 36).notNullable().references('users.id');
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id');
    t.string('attempt_id', 36).nullable().unique().references('attempts.id'); // one certificate per passed attempt; null on a reissue
    t.string('deployment_id', 36).notNullable().references('deployments.id'); // the issuing deployment
    t.string('holder_name', 255).nullable(); // null: the deployment issues pseudonymous certificates
    t.string('course_slug', 64).notNullable();
    t.string('version_id', 36).notNullable().references('course_versions.id');
    t.text('details').notNullable(); // JSON: what the certificate states, fixed at issue
    t.bigInteger('issued_at').notNullable();
    t.bigInteger('created_at').notNullable(); // differs from issued_at on a reissue, which keeps the dates
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('revoked_at').nullable();
    t.string('revoked_by', 36).nullable();
    t.text('revoked_reason').nullable();
    t.string('renews_id', 36).nullable(); // the certificate this one renewed or reissued
    t.string('superseded_by', 36).nullable();
    t.index(['user_id', 'course_slug']);
  });
  await knex.schema.createTable('certificate_settings', (t) => {
    t.string('deployment_id', 36).primary().references('deployments.id').onDelete('CASCADE');
    t.string('issuer_name', 255).notNullable();
    t.string('authorising_officer', 255).notNullable(); // name and role, printed under the issuer
    t.string('holder_display', 16).notNullable(); // full | initials | none, on the public verification page
    t.integer('names_on_certificates').notNullable(); // 0: pseudonymous holder
    t.integer('show_score').notNullable();
    t.string('updated_by', 36).notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('certificate_settings');
  await knex.schema.dropTable('certificates');
}
