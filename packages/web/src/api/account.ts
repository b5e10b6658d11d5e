import { api } from './client';
import type { ListResponse } from './types';

export interface SecurityStatus {
  totpEnabled: boolean;
  mfaRequired: boolean;
  passwordChangedAt: string | null;
  passwordMaxAgeDays: number;
  lastLoginAt: string | null;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string | null;
  actorRole: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditQuery {
  q?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface AuditVerification {
  chain: { ok: boolean; checked: number; firstBroken: { id: number; reason: string } | null };
  checkpoints: { ok: boolean; checked: number; firstBad: { lastAuditId: number; reason: string } | null };
}

export const accountApi = {
  security: () => api.get<SecurityStatus>('/auth/security'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/auth/password', { currentPassword, newPassword }),
  totpSetup: () => api.post<{ secret: string; otpauthUrl: string }>('/auth/totp/setup'),
  totpEnable: (code: string) => api.post<void>('/auth/totp/enable', { code }),
  totpDisable: (password: string) => api.post<void>('/auth/totp/disable', { password }),
};

export const auditApi = {
  list: (q: AuditQuery) => api.get<ListResponse<AuditRecord>>('/audit', { ...q }),
  verify: () => api.post<AuditVerification>('/audit/verify'),
  /** The export is a file: the browser downloads it from this URL with the session cookie. */
  exportUrl: (q: AuditQuery) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    const s = params.toString();
    return `/api/audit/export${s ? `?${s}` : ''}`;
  },
};
