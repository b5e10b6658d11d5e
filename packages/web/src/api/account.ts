import { api } from './client';
import type * as C from '@yardstick/server/contract';
import type {} from './types';

export type SecurityStatus = C.SecurityStatus;
export type AuditRecord = C.AuditRecord;
/** Typed by what the server makes of it (numbers, not the URL's strings). */
export type AuditQuery = Partial<C.AuditQuery>;
export type AuditVerification = C.AuditVerification;

export const accountApi = {
  security: () => api.get('/auth/security'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post('/auth/password', { body: { currentPassword, newPassword } }),
  totpSetup: () => api.post('/auth/totp/setup'),
  totpEnable: (code: string) => api.post('/auth/totp/enable', { body: { code } }),
  totpDisable: (password: string) => api.post('/auth/totp/disable', { body: { password } }),
};

export const auditApi = {
  list: (q: AuditQuery) => api.get('/audit', { query: q }),
  verify: () => api.post('/audit/verify'),
  /** The export is a file: the browser downloads it from this URL with the session cookie. */
  exportUrl: (q: AuditQuery) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    const s = params.toString();
    return `/api/audit/export${s ? `?${s}` : ''}`;
  },
};
