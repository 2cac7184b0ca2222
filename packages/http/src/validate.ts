import type { z } from 'zod';
import { problems, type FieldError } from './problem';

/** Parses input against a zod schema or throws a 400 problem listing every field error. */
export function parseInput<TSchema extends z.ZodType>(schema: TSchema, input: unknown, where = 'body'): z.infer<TSchema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw problems.validation(errors);
}
