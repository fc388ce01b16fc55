import { z } from 'zod';
import { Id, ItemSchema, ScoringRulesSchema, SourceIds, Text } from '../items/index.js';

/** Zod schemas of a course package (docs/course-format.md). Types are inferred from them. */

export const LevelSchema = z.enum(['core', 'recommended', 'optional']);

export const TrackSchema = z.object({ id: Id, title: Text });

export const CourseSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by "-"'),
    title: Text,
    language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as en'),
    legal_baseline: z.union([z.string(), z.date()]).transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)).pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-28')),
    summary: Text,
    tracks: z.array(TrackSchema).min(1, 'needs at least one track'),
    modules: z.array(Id).min(1, 'needs at least one module'),
    certificate: z
      .object({
        validity_months: z.number().int().min(1).max(120).default(24),
        expiring_window_days: z.number().int().min(1).max(365).default(60),
        statement: Text,
        track_statements: z.record(z.string(), Text).default({}),
        learning_hours: z.record(z.string(), z.number().positive()).optional(),
      })
      .strict(),
  })
  .strict();
export type CourseManifest = z.infer<typeof CourseSchema>;

/** What a learner must have done before a module can be completed (docs/course-format.md). */
export const CompletionRuleSchema = z
  .object({
    sections: z.enum(['all', 'none'], { message: 'must be "all" (every section reached) or "none"' }).default('all'),
    check: z.enum(['attempted', 'passed', 'none'], { message: 'must be "attempted", "passed" (every item right) or "none"' }).default('attempted'),
  })
  .strict();
export type CompletionRule = z.infer<typeof CompletionRuleSchema>;
export const DEFAULT_COMPLETION: CompletionRule = { sections: 'all', check: 'attempted' };

export const ModuleFrontMatterSchema = z
  .object({
    id: Id,
    title: Text,
    // Planned learning time; when absent it is estimated from the module's length (package-reader.ts).
    minutes: z.number().int().min(1).max(600).optional(),
    completion: CompletionRuleSchema.default(DEFAULT_COMPLETION),
    tracks: z.record(z.string(), LevelSchema),
    content_note: Text,
    objectives: z.array(z.object({ id: Text, text: Text }).strict()).min(1),
    sources: SourceIds,
    check: z.array(ItemSchema).min(3, 'a formative check has 3 to 5 items').max(5, 'a formative check has 3 to 5 items'),
  })
  .strict();
export type ModuleFrontMatter = z.infer<typeof ModuleFrontMatterSchema>;

/** A translated module repeats the ids and translates the words; the check stays in the original. */
export const TranslatedModuleSchema = z
  .object({
    id: Id,
    title: Text,
    content_note: Text,
    objectives: z.array(z.object({ id: Text, text: Text }).strict()).optional(),
  })
  .strict();

export const ExamSettingsSchema = z
  .object({
    items: z.number().int().min(1).max(200),
    min_per_core_module: z.number().int().min(0).default(0),
    min_scenario_per_core_module: z.number().int().min(0).default(0),
    min_role_share: z.number().min(0).max(1).default(0),
    shuffle_options: z.boolean().default(true),
    pass_mark: z.number().min(0).max(100),
    require_all_critical: z.boolean().default(true),
    max_attempts: z.number().int().min(1).max(100),
    cooldown_hours: z.number().min(0).max(24 * 365).default(0),
    time_limit_minutes: z.number().int().min(1).nullable().default(null),
    counted_attempt: z.enum(['best', 'latest']).default('best'),
    feedback: z
      .object({
        after_fail: z.enum(['score', 'objectives', 'rationale', 'answers']).default('objectives'),
        after_pass: z.enum(['score', 'objectives', 'rationale', 'answers']).default('rationale'),
        after_last_attempt: z.enum(['score', 'objectives', 'rationale', 'answers']).default('rationale'),
      })
      .strict()
      .default({ after_fail: 'objectives', after_pass: 'rationale', after_last_attempt: 'rationale' }),
    scoring: ScoringRulesSchema,
  })
  .strict();
export type ExamSettings = z.infer<typeof ExamSettingsSchema>;

export const AssessmentSchema = z.object({ exam: ExamSettingsSchema, items: z.array(ItemSchema).min(1) }).strict();

export const GlossarySchema = z.array(
  z.object({ term: Text, slug: z.string().regex(/^[a-z0-9-]+$/).optional(), definition: Text, sources: SourceIds }).strict(),
);

export const SourcesSchema = z.array(
  z.object({ id: z.string().regex(/^S\d+$/, 'must be an id such as S1'), citation: Text, urls: z.array(z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL')).default([]) }).strict(),
);
