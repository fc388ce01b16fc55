import type { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * A parameter of the request's path, checked by its schema. A malformed one means there is
 * no such page, so it is the not-found page, not a bad request: that is for form fields.
 */
export function pathParam<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('not_found', 404, 'There is no page at this address.');
  return parsed.data;
}
