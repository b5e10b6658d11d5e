import { api, type UploadProgress } from './client';
import type {
  AccountRequest,
  ExcelKind,
  PreviewSample,
  RecordCreate,
  RecordPatch,
  RecordQuery,
  SuccessionCreate,
  GroupCreate,
  GroupPatch,
  UnitCreate,
  UnitPatch,
  UnitQuery,
  UserCreate,
  UserPatch,
  UserQuery,
} from './types';
import type { Indicator, IndicatorMeta, SchemeDocument } from '../scheme/model';

export const authApi = {
  login: (username: string, password: string, otp?: string, tenant?: string) =>
    api.post('/auth/login', { body: { username, password, ...(otp ? { otp } : {}), ...(tenant ? { tenant } : {}) } }),
  logout: () => api.post('/auth/logout'),
  me: () => api.get('/auth/me'),
};

export const overviewApi = {
  get: () => api.get('/overview'),
};

export const groupsApi = {
  list: () => api.get('/groups'),
  create: (body: GroupCreate) => api.post('/groups', { body: body }),
  update: (id: string, body: GroupPatch) => api.patch('/groups/:id', { params: { id }, body: body }),
  reorder: (ids: string[]) => api.post('/groups/reorder', { body: { ids } }),
};

export const successionsApi = {
  list: () => api.get('/unit-successions'),
  create: (body: SuccessionCreate) => api.post('/unit-successions', { body: body }),
};

export const unitsApi = {
  list: (q: UnitQuery) => api.get('/units', { query: q }),
  get: (id: string) => api.get('/units/:id', { params: { id } }),
  create: (body: UnitCreate) => api.post('/units', { body: body }),
  update: (id: string, body: UnitPatch) => api.patch('/units/:id', { params: { id }, body: body }),
};

export const usersApi = {
  list: (q: UserQuery) => api.get('/users', { query: q }),
  create: (body: UserCreate) => api.post('/users', { body: body }),
  update: (id: string, body: UserPatch) => api.patch('/users/:id', { params: { id }, body: body }),
  /** A business account's reset waits for the security administrator (a pending request); an admin's own is immediate. */
  resetPassword: (id: string, password: string) =>
    api.post('/users/:id/reset-password', {
      params: { id },
      body: {
        password,
      },
    }),
};

export const accountRequestsApi = {
  list: (status?: AccountRequest['status']) => api.get('/account-requests', { query: status ? { status } : {} }),
  confirm: (id: string) => api.post('/account-requests/:id/confirm', { params: { id } }),
  reject: (id: string, note?: string) =>
    api.post('/account-requests/:id/reject', { params: { id }, body: note ? { note } : {} }),
};

export const schemesApi = {
  list: () => api.get('/schemes'),
  create: (body: { year: number; name: string; copyFromYear?: number }) => api.post('/schemes', { body: body }),
  get: (id: string) => api.get('/schemes/:id', { params: { id } }),
  version: (id: string, no: number) => api.get('/schemes/:id/versions/:no', { params: { id, no } }),
  saveDraft: (id: string, body: { version: number; document: SchemeDocument; note?: string }) =>
    api.put('/schemes/:id/draft', { params: { id }, body: body }),
  newDraft: (id: string) => api.post('/schemes/:id/draft', { params: { id }, body: {} }),
  validate: (id: string) => api.post('/schemes/:id/validate', { params: { id } }),
  review: (
    id: string,
    body: {
      version: number;
      decisions: { indicatorId: string; decision: 'keep' | 'adjust' | 'drop'; note?: string }[];
    },
  ) => api.post('/schemes/:id/review', { params: { id }, body: body }),
  publish: (id: string, version: number, note?: string) =>
    api.post('/schemes/:id/publish', { params: { id }, body: note ? { version, note } : { version } }),
  diff: (from: string, to: string) => api.get('/schemes/diff', { query: { from, to } }),
  preview: (body: { indicator: Indicator; meta?: IndicatorMeta; samples: PreviewSample[] }, signal?: AbortSignal) =>
    api.post('/schemes/preview', { body, signal }),
};

export const recordsApi = {
  list: (q: RecordQuery) => api.get('/records', { query: q }),
  choices: (year: number) => api.get('/records/choices', { query: { year } }),
  create: (body: RecordCreate) => api.post('/records', { body: body }),
  update: (id: string, body: RecordPatch) => api.patch('/records/:id', { params: { id }, body: body }),
  remove: (id: string, version: number) => api.del('/records/:id', { params: { id }, query: { version } }),
};

/** The same for a department that supplies rules' data (数据提供单位): only the records of its own rules. */
export const providedRecordsApi: typeof recordsApi = {
  list: (q: RecordQuery) => api.get('/records/provided', { query: { ...q, year: q.year ?? new Date().getFullYear() } }),
  choices: (year: number) => api.get('/records/provided/choices', { query: { year } }),
  create: (body: RecordCreate) => api.post('/records/provided', { body: body }),
  update: (id: string, body: RecordPatch) => api.patch('/records/provided/:id', { params: { id }, body: body }),
  remove: (id: string, version: number) => api.del('/records/provided/:id', { params: { id }, query: { version } }),
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const excelApi = {
  // a per-year kind's template lists that year's rules (records, rankings); without a year, the county's current one
  template: (kind: ExcelKind, year?: number) => api.download(`/excel/${kind}/template` as const, { query: { year } }),
  exportFile: (kind: ExcelKind, year?: number) => api.download(`/excel/${kind}` as const, { query: { year } }),
  /** `dryRun`: the server checks and counts, writes nothing (the preview); `onProgress`: the upload's bytes. */
  importFile: (
    kind: ExcelKind,
    file: Blob,
    year?: number,
    opts: { createGroups?: boolean; dryRun?: boolean; onProgress?: UploadProgress } = {},
  ) =>
    api.upload(
      `/excel/${kind}` as const,
      { data: file, contentType: XLSX_TYPE },
      {
        query: {
          year,
          ...(opts.createGroups ? { createGroups: true } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
        },
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      },
    ),
};
