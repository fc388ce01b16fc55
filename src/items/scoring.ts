import type { Item, ScoringRules } from './schema.js';

/** What a learner answered, by item type. Absent means not answered. */
export type Response = string | string[] | boolean | Record<string, string> | undefined;

export type { ScoringRules };
export type ItemScore = { points: number; max: 1; correct: boolean };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function scoreMultipleResponse(answer: string[], given: string[], rule: ScoringRules['multiple_response']): number {
  if (rule === 'all_or_nothing') return sameSet(answer, given) ? 1 : 0;
  // Partial credit: right picks minus wrong picks, over the number of right options, never below zero.
  const right = given.filter((id) => answer.includes(id)).length;
  const wrong = given.length - right;
  return Math.max(0, (right - wrong) / answer.length);
}

function scoreMatching(answer: Record<string, string>, given: Record<string, string>, rule: ScoringRules['matching']): number {
  const prompts = Object.keys(answer);
  const right = prompts.filter((prompt) => given[prompt] === answer[prompt]).length;
  if (rule === 'all_or_nothing') return right === prompts.length ? 1 : 0;
  // Proportional, rounded down to a quarter point (brief 5.1).
  return Math.floor((right / prompts.length) * 4) / 4;
}

/** Scores one item. Pure: the same item, response and rules always give the same score. */
export function scoreItem(item: Item, response: Response, rules: ScoringRules): ItemScore {
  let points = 0;
  switch (item.type) {
    case 'single_choice':
    case 'scenario_judgement':
      points = response === item.answer ? 1 : 0;
      break;
    case 'true_false':
      points = response === item.answer ? 1 : 0;
      break;
    case 'multiple_response':
      points = Array.isArray(response) ? scoreMultipleResponse(item.answer, response, rules.multiple_response) : 0;
      break;
    case 'ordering':
      points = Array.isArray(response) && response.length === item.answer.length && response.every((id, i) => id === item.answer[i]) ? 1 : 0;
      break;
    case 'matching':
      points = response && typeof response === 'object' && !Array.isArray(response) ? scoreMatching(item.answer, response, rules.matching) : 0;
      break;
  }
  return { points, max: 1, correct: points === 1 };
}

/** Formative checks teach rather than certify: partial credit for both multi-part types. */
export const FORMATIVE_RULES: ScoringRules = { multiple_response: 'partial', matching: 'proportional_quarter' };
