import type { Item } from './schema.js';
import type { Response } from './scoring.js';

type Form = Record<string, unknown>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);
const one = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads one item's answer from a submitted form. Field names: `q.<item>` for choices,
 * `q.<item>.<option>` = position for ordering, `q.<item>.<prompt>` = choice for matching.
 * Anything that is not one of the item's own ids is ignored, so a forged form cannot
 * smuggle values into scoring.
 */
export function readResponse(item: Item, form: Form): Response {
  const field = `q.${item.id}`;
  switch (item.type) {
    case 'single_choice':
    case 'scenario_judgement': {
      const value = one(form[field]);
      return value && item.options.some((o) => o.id === value) ? value : undefined;
    }
    case 'true_false': {
      const value = one(form[field]);
      return value === 'true' ? true : value === 'false' ? false : undefined;
    }
    case 'multiple_response': {
      const ids = new Set(item.options.map((o) => o.id));
      const picked = [...new Set(list(form[field]).filter((id) => ids.has(id)))];
      return picked.length > 0 ? picked : undefined;
    }
    case 'ordering': {
      const positions = item.options.map((o) => ({ id: o.id, at: Number(one(form[`${field}.${o.id}`])) }));
      if (positions.some((p) => !Number.isInteger(p.at))) return undefined;
      return positions.sort((a, b) => a.at - b.at).map((p) => p.id);
    }
    case 'matching': {
      const choices = new Set(item.choices.map((c) => c.id));
      const given: Record<string, string> = {};
      for (const prompt of item.prompts) {
        const value = one(form[`${field}.${prompt.id}`]);
        if (value && choices.has(value)) given[prompt.id] = value;
      }
      return Object.keys(given).length > 0 ? given : undefined;
    }
  }
}
