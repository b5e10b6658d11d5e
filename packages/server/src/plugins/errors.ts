import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, localeFrom, type ErrorDetail, type Locale } from '../errors';
import { localizeIssue, localizeText } from './zod-i18n';

function send(locale: Locale, err: AppError) {
  return {
    error: {
      code: err.code,
      message: err.localized(locale),
      // An empty detail message means "the error's own message, on this field".
      ...(err.details
        ? {
            details: err.details.map(({ messages, ...d }) => ({
              ...d,
              message: messages
                ? messages[locale]
                : d.message
                  ? localizeText(d.message, locale)
                  : err.localized(locale),
            })),
          }
        : {}),
    },
  };
}

/**
 * PostgreSQL's "this value does not fit" errors: a number beyond the column's range (22003), text it cannot
 * parse as the column's type (22P02), a character it cannot store (22P05, 22021). They come from input
 * that passed validation (e.g. `version: 99999999999` for an integer column), so they are the client's 400, not
 * a 500. Drivers and drizzle wrap the database error: look down the `cause` chain.
 */
const DB_INPUT_ERRORS: Record<string, string> = {
  '22003': 'i18n:out_of_range',
  '22P02': 'i18n:malformed_value',
  '22P05': 'i18n:lone_surrogate',
  '22021': 'i18n:lone_surrogate',
};
function dbInputError(error: unknown): string | null {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in DB_INPUT_ERRORS) return DB_INPUT_ERRORS[code] ?? null;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const locale = localeFrom(request.headers['accept-language']);
    if (error instanceof AppError) {
      return reply.status(error.status).send(send(locale, error));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: ErrorDetail[] = error.validation.map((v) => {
        const where = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const issue = { code: v.keyword, ...v.params, path: where, message: v.message };
        return { path: where, message: localizeIssue(issue as never, locale) };
      });
      return reply.status(400).send(send(locale, new AppError('VALIDATION_FAILED', {}, details)));
    }
    if (error instanceof z.ZodError) {
      const details = error.issues.map((i) => ({ path: i.path.join('.'), message: localizeIssue(i as never, locale) }));
      return reply.status(400).send(send(locale, new AppError('VALIDATION_FAILED', {}, details)));
    }
    const dbInput = dbInputError(error);
    if (dbInput) {
      request.log.warn({ err: error }, 'input refused by the database');
      return reply
        .status(400)
        .send(send(locale, new AppError('VALIDATION_FAILED', {}, [{ path: '', message: dbInput }])));
    }
    const status = (error as FastifyError).statusCode;
    if (status === 413) return reply.status(413).send(send(locale, new AppError('PAYLOAD_TOO_LARGE')));
    if (status === 429) return reply.status(429).send(send(locale, new AppError('RATE_LIMITED')));
    if (status && status >= 400 && status < 500) {
      // Malformed JSON, wrong content type and the like: the client's mistake, said plainly.
      const detail = { path: '', message: locale === 'en' ? 'Malformed request' : '请求格式不正确' };
      return reply.status(400).send(send(locale, new AppError('VALIDATION_FAILED', {}, [detail])));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(send(locale, new AppError('INTERNAL')));
  });
}

export default fp(errorsPlugin, { name: 'yardstick-errors' });
