import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

/** A message for the user: the server's localised text when there is one, else ours. */
export function errorMessage(e: unknown, t: TFunction): string {
  if (isApiError(e)) {
    if (e.code === 'NETWORK') return t('errors.network');
    if (e.code === 'VERSION_CONFLICT') return e.message || t('errors.versionConflict');
    if (e.message) return e.message;
  }
  return t('errors.unknown');
}

/**
 * Puts VALIDATION_FAILED details onto the matching form fields.
 * Returns the messages of details that match no field, for a form-level alert.
 */
export function applyFieldErrors(form: FormInstance, e: unknown, fieldNames: readonly string[]): string[] {
  if (!isApiError(e) || e.code !== 'VALIDATION_FAILED') return [];
  const known = new Set(fieldNames);
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const d of e.details) {
    const top = d.path.split('.')[0] ?? '';
    if (known.has(top)) byField.set(top, [...(byField.get(top) ?? []), d.message]);
    else rest.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

/** Drops empty strings so optional fields are omitted rather than sent as "". */
export function compact<T extends object>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out as T;
}
