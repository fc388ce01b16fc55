import type { Item } from './schema.js';

function duplicates(ids: string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

/**
 * What is wrong with an item's answer key, in words for the author. Answers must point at
 * the item's own options: a typo would silently mark everyone wrong.
 */
export function answerProblems(item: Item): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);
  if (item.type === 'true_false') return problems;
  if (item.type === 'matching') {
    const prompts = item.prompts.map((p) => p.id);
    const choices = new Set(item.choices.map((c) => c.id));
    for (const dup of duplicates(prompts)) fail(`prompt id "${dup}" is used twice`);
    const keys = Object.keys(item.answer);
    if (keys.length !== prompts.length || prompts.some((id) => !(id in item.answer))) fail('must give a choice for every prompt and nothing else');
    for (const [prompt, choice] of Object.entries(item.answer)) {
      if (!choices.has(choice)) fail(`prompt "${prompt}" is matched to "${choice}", which is not a choice`);
    }
    return problems;
  }
  const options = item.options.map((o) => o.id);
  for (const dup of duplicates(options)) fail(`option id "${dup}" is used twice`);
  const known = new Set(options);
  if (item.type === 'single_choice' || item.type === 'scenario_judgement') {
    if (!known.has(item.answer)) fail(`"${item.answer}" is not one of the options`);
    return problems;
  }
  for (const id of item.answer) if (!known.has(id)) fail(`"${id}" is not one of the options`);
  if (duplicates(item.answer).length > 0) fail('names an option twice');
  if (item.type === 'ordering' && item.answer.length !== options.length) fail('must list every option exactly once, in the correct order');
  return problems;
}
