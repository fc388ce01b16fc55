import { z } from 'zod';

/** The item schema, shared by formative checks (courses) and the exam bank (assessments). */

export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_"').max(64);
export const SourceIds = z.array(z.string().regex(/^S\d+$/, 'must be a source id such as S1')).min(1, 'needs at least one source');
export const Text = z.string().trim().min(1, 'must not be empty');

const Option = z.object({ id: Id, text: Text }).strict();

const ItemBase = {
  id: Id,
  module: Id.optional(),
  objective: Text,
  roles: z.array(Id).min(1).default(['all']),
  critical: z.boolean().default(false),
  sources: SourceIds,
  variant_of: Id.optional(),
  scenario: Text.optional(),
  stem: Text,
  rationale: Text,
};

export const ItemSchema = z.discriminatedUnion('type', [
  z.object({ ...ItemBase, type: z.literal('single_choice'), options: z.array(Option).min(2), answer: Id }).strict(),
  z.object({ ...ItemBase, type: z.literal('scenario_judgement'), scenario: Text, options: z.array(Option).min(2), answer: Id }).strict(),
  z.object({ ...ItemBase, type: z.literal('multiple_response'), options: z.array(Option).min(2), answer: z.array(Id).min(1) }).strict(),
  z.object({ ...ItemBase, type: z.literal('true_false'), answer: z.boolean() }).strict(),
  z.object({ ...ItemBase, type: z.literal('ordering'), options: z.array(Option).min(2), answer: z.array(Id).min(2) }).strict(),
  z.object({ ...ItemBase, type: z.literal('matching'), prompts: z.array(Option).min(2), choices: z.array(Option).min(2), answer: z.record(z.string(), Id) }).strict(),
]);
export type Item = z.infer<typeof ItemSchema>;
export type ItemType = Item['type'];

/** How the multi-part item types are scored; a package sets it for its exam. */
export const ScoringRulesSchema = z
  .object({
    multiple_response: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
    matching: z.enum(['proportional_quarter', 'all_or_nothing']).default('proportional_quarter'),
  })
  .strict()
  .default({ multiple_response: 'all_or_nothing', matching: 'proportional_quarter' });
export type ScoringRules = z.infer<typeof ScoringRulesSchema>;
