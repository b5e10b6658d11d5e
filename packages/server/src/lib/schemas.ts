import { z } from 'zod';

/** The body of every non-2xx response (docs/api.md "Errors"). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
} as const;

export const IdParams = z.object({ id: z.uuid() });

export const PageQuery = {
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

export const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A trimmed, non-blank string of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1, { message: 'i18n:blank' }).max(max);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
