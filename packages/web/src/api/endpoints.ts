import { api, type UploadProgress } from './client';
import type {
  AccountRequest,
  ExcelKind,
  ImportResult,
  PreviewResponse,
  PreviewSample,
  RecordChoices,
  RecordCreate,
  RecordPatch,
  RecordQuery,
  DraftSaved,
  SchemeDetail,
  SchemeDiff,
  SchemeSummary,
  SchemeVersionDoc,
  UnitRecord,
  ValidationReport,
  Group,
  ListResponse,
  Succession,
  SuccessionCreate,
  SuccessionResult,
  GroupCreate,
  GroupPatch,
  ResetPasswordOutcome,
  Overview,
  Session,
  Unit,
  UnitCreate,
  UnitPatch,
  UnitQuery,
  User,
  UserCreate,
  UserPatch,
  UserQuery,
} from './types';
import type { Indicator, IndicatorMeta, SchemeDocument } from '../scheme/model';

export const authApi = {
  login: (username: string, password: string, otp?: string, tenant?: string) =>
    api.post<Session>('/auth/login', { username, password, ...(otp ? { otp } : {}), ...(tenant ? { tenant } : {}) }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<Session>('/auth/me'),
};

export const overviewApi = {
  get: () => api.get<Overview>('/overview'),
};

export const groupsApi = {
  list: () => api.get<ListResponse<Group>>('/groups'),
  create: (body: GroupCreate) => api.post<Group>('/groups', body),
  update: (id: string, body: GroupPatch) => api.patch<Group>(`/groups/${encodeURIComponent(id)}`, body),
  reorder: (ids: string[]) => api.post<ListResponse<Group>>('/groups/reorder', { ids }),
};

export const successionsApi = {
  list: () => api.get<ListResponse<Succession>>('/unit-successions'),
  create: (body: SuccessionCreate) => api.post<SuccessionResult>('/unit-successions', body),
};

export const unitsApi = {
  list: (q: UnitQuery) => api.get<ListResponse<Unit>>('/units', { ...q }),
  get: (id: string) => api.get<Unit>(`/units/${encodeURIComponent(id)}`),
  create: (body: UnitCreate) => api.post<Unit>('/units', body),
  update: (id: string, body: UnitPatch) => api.patch<Unit>(`/units/${encodeURIComponent(id)}`, body),
};

export const usersApi = {
  list: (q: UserQuery) => api.get<ListResponse<User>>('/users', { ...q }),
  create: (body: UserCreate) => api.post<User>('/users', body),
  update: (id: string, body: UserPatch) => api.patch<User>(`/users/${encodeURIComponent(id)}`, body),
  /** A business account's reset waits for the security administrator (a pending request); an admin's own is immediate. */
  resetPassword: (id: string, password: string) =>
    api.post<ResetPasswordOutcome | undefined>(`/users/${encodeURIComponent(id)}/reset-password`, {
      password,
    }),
};

export const accountRequestsApi = {
  list: (status?: AccountRequest['status']) =>
    api.get<ListResponse<AccountRequest>>('/account-requests', status ? { status } : {}),
  confirm: (id: string) => api.post<AccountRequest>(`/account-requests/${encodeURIComponent(id)}/confirm`, {}),
  reject: (id: string, note?: string) =>
    api.post<AccountRequest>(`/account-requests/${encodeURIComponent(id)}/reject`, note ? { note } : {}),
};

const sid = (id: string) => encodeURIComponent(id);

export const schemesApi = {
  list: () => api.get<{ items: SchemeSummary[] }>('/schemes'),
  create: (body: { year: number; name: string; copyFromYear?: number }) => api.post<SchemeSummary>('/schemes', body),
  get: (id: string) => api.get<SchemeDetail>(`/schemes/${sid(id)}`),
  version: (id: string, no: number) => api.get<SchemeVersionDoc>(`/schemes/${sid(id)}/versions/${no}`),
  saveDraft: (id: string, body: { version: number; document: SchemeDocument; note?: string }) =>
    api.put<DraftSaved>(`/schemes/${sid(id)}/draft`, body),
  newDraft: (id: string) => api.post<SchemeVersionDoc>(`/schemes/${sid(id)}/draft`, {}),
  validate: (id: string) => api.post<ValidationReport>(`/schemes/${sid(id)}/validate`, {}),
  review: (
    id: string,
    body: {
      version: number;
      decisions: { indicatorId: string; decision: 'keep' | 'adjust' | 'drop'; note?: string }[];
    },
  ) => api.post<DraftSaved>(`/schemes/${sid(id)}/review`, body),
  publish: (id: string, version: number, note?: string) =>
    api.post<SchemeVersionDoc>(`/schemes/${sid(id)}/publish`, note ? { version, note } : { version }),
  diff: (from: string, to: string) => api.get<SchemeDiff>('/schemes/diff', { from, to }),
  preview: (body: { indicator: Indicator; meta?: IndicatorMeta; samples: PreviewSample[] }, signal?: AbortSignal) =>
    api.postSignal<PreviewResponse>('/schemes/preview', body, signal),
};

export const recordsApi = {
  list: (q: RecordQuery) => api.get<ListResponse<UnitRecord>>('/records', { ...q }),
  choices: (year: number) => api.get<RecordChoices>('/records/choices', { year }),
  create: (body: RecordCreate) => api.post<UnitRecord>('/records', body),
  update: (id: string, body: RecordPatch) => api.patch<UnitRecord>(`/records/${sid(id)}`, body),
  remove: (id: string, version: number) => api.del<void>(`/records/${sid(id)}?version=${version}`),
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const excelApi = {
  // a per-year kind's template lists that year's rules (records, rankings); without a year, the county's current one
  template: (kind: ExcelKind, year?: number) => api.download(`/excel/${kind}/template`, { year }),
  exportFile: (kind: ExcelKind, year?: number) => api.download(`/excel/${kind}`, { year }),
  /** `dryRun`: the server checks and counts, writes nothing (the preview); `onProgress`: the upload's bytes. */
  importFile: (
    kind: ExcelKind,
    file: Blob,
    year?: number,
    opts: { createGroups?: boolean; dryRun?: boolean; onProgress?: UploadProgress } = {},
  ) =>
    api.upload<ImportResult>(
      `/excel/${kind}`,
      file,
      XLSX_TYPE,
      {
        year,
        ...(opts.createGroups ? { createGroups: 'true' } : {}),
        ...(opts.dryRun ? { dryRun: 'true' } : {}),
      },
      opts.onProgress,
    ),
};
