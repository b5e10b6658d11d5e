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

/** A file answered as bytes (downloads): documented as binary, never serialised (the handler sends a Buffer or a stream). */
export function binaryResponse(mime: string | string[], description: string) {
  const types = Array.isArray(mime) ? mime : [mime];
  return {
    description,
    content: Object.fromEntries(types.map((t) => [t, { schema: z.any().meta({ type: 'string', format: 'binary' }) }])),
  };
}

/**
 * An uploaded file as the request body (Excel imports: the raw workbook; evidence: multipart with one part `file`).
 * Described for the OpenAPI page only: the route's own parser reads it and the handler checks it, so the body is
 * not validated here (`z.any()` with the schema as metadata).
 */
export const uploadBody = {
  raw: (description: string) => z.any().meta({ type: 'string', format: 'binary', description }),
  multipart: (description: string) =>
    z.any().meta({
      type: 'object',
      description,
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    }),
};
