// API types and calls of the supervision, city indicators, notifications and signals pages (issue 5, helper B).
import { api } from './client';
import { schemesApi } from './endpoints';
import { groupBlocks, type Indicator } from '../scheme/model';

export const SUPERVISION_KINDS = ['leaderInstruction', 'workReport', 'countyDecision', 'other'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];
export const SUPERVISION_STATUSES = ['ongoing', 'done', 'overdue', 'cancelled'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface SupervisionItem {
  id: string;
  year: number;
  kind: SupervisionKind;
  title: string;
  source: string | null;
  leader: string | null;
  content: string | null;
  owner: UnitRef;
  coUnits: UnitRef[];
  deadline: string;
  status: SupervisionStatus;
  progress: number;
  indicatorId: string | null;
  indicatorName: string | null;
  canReport: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SupervisionDetail extends SupervisionItem {
  reports: {
    id: string;
    unit: UnitRef;
    progress: number;
    note: string;
    reportedBy: string | null;
    createdAt: string;
  }[];
}

export interface SupervisionQuery {
  year?: number;
  status?: SupervisionStatus;
  kind?: SupervisionKind;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface SupervisionInput {
  year: number;
  kind: SupervisionKind;
  title: string;
  source?: string | null;
  leader?: string | null;
  content?: string | null;
  ownerUnitId: string;
  coUnitIds?: string[];
  deadline: string;
  indicatorId?: string | null;
}

export type CityLight = 'green' | 'yellow' | 'red';
export interface CityNode {
  id: string;
  name: string;
  due: string;
  light: CityLight | null;
  lightOn: string | null;
  note: string | null;
  version: number;
}
export interface CityIndicator {
  id: string;
  year: number;
  code: string;
  name: string;
  cityDepartment: string | null;
  points: number | null;
  leadUnit: UnitRef | null;
  units: UnitRef[];
  indicatorId: string | null;
  indicatorName: string | null;
  resultScore: number | null;
  resultMax: number | null;
  resultRank: number | null;
  version: number;
  nodes: CityNode[];
}
export interface RedLightPicture {
  indicators: number;
  indicatorUnits: number;
  nodes: number;
  nodeUnits: number;
  sentence: { 'zh-CN': string; en: string };
}

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  createdAt: string;
}

export const SIGNAL_KINDS = ['downwardCorrection', 'changedAfterApproval', 'sharedEvidence', 'outlierJump'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
export interface Signal {
  key: string;
  kind: SignalKind;
  units: UnitRef[];
  indicatorId: string | null;
  indicatorName: string | null;
  nodeId: string | null;
  reportIds: string[];
  figures: Record<string, number>;
  sha256: string | null;
  fileNames: string[];
  link: string;
}

const id = (v: string) => encodeURIComponent(v);

export const supervisionApi = {
  list: (q: SupervisionQuery) =>
    api.get<{ items: SupervisionItem[]; total: number; counts: Record<SupervisionStatus, number> }>('/supervision', {
      ...q,
    }),
  get: (itemId: string) => api.get<SupervisionDetail>(`/supervision/${id(itemId)}`),
  create: (body: SupervisionInput) => api.post<SupervisionDetail>('/supervision', body),
  update: (itemId: string, body: Partial<SupervisionInput> & { version: number; status?: SupervisionStatus }) =>
    api.patch<SupervisionDetail>(`/supervision/${id(itemId)}`, body),
  report: (itemId: string, body: { progress: number; note: string }) =>
    api.post<SupervisionDetail>(`/supervision/${id(itemId)}/progress`, body),
};

export const cityApi = {
  list: (year: number) => api.get<{ items: CityIndicator[]; warnDays: number }>('/city/indicators', { year }),
  create: (body: {
    year: number;
    code: string;
    name: string;
    cityDepartment?: string | null;
    points?: number | null;
    leadUnitId?: string | null;
    unitIds: string[];
    indicatorId?: string | null;
    nodes: { name: string; due: string }[];
  }) => api.post<CityIndicator>('/city/indicators', body),
  update: (cityId: string, body: Record<string, unknown> & { version: number }) =>
    api.patch<CityIndicator>(`/city/indicators/${id(cityId)}`, body),
  addNode: (cityId: string, body: { name: string; due: string }) =>
    api.post<CityIndicator>(`/city/indicators/${id(cityId)}/nodes`, body),
  updateNode: (
    nodeId: string,
    body: { version: number; light?: CityLight | null; lightOn?: string | null; note?: string | null },
  ) => api.patch<CityIndicator>(`/city/nodes/${id(nodeId)}`, body),
  counts: (from: string, to: string) =>
    api.get<{ from: string; to: string; city: RedLightPicture; county: RedLightPicture }>('/city/red-light-counts', {
      from,
      to,
    }),
};

export const notificationsApi = {
  list: (q: { page?: number; pageSize?: number; unread?: boolean }) =>
    api.get<{ items: InboxItem[]; total: number; unread: number }>('/notifications', { ...q }),
  unreadCount: () => api.get<{ unread: number }>('/notifications/unread-count'),
  read: (nid: string) => api.post<void>(`/notifications/${id(nid)}/read`, {}),
  readAll: () => api.post<{ updated: number }>('/notifications/read-all', {}),
  settings: () => api.get<{ email: string | null; digest: boolean }>('/notifications/settings'),
  saveSettings: (body: { email?: string | null; digest?: boolean }) =>
    api.put<{ email: string | null; digest: boolean }>('/notifications/settings', body),
};

export const signalsApi = {
  list: (year: number, kind?: SignalKind) =>
    api.get<{ items: Signal[]; counts: Record<SignalKind, number> }>('/signals', { year, kind }),
};

/** The leaf indicators of a year's scheme (published version, else the draft), for the "linked indicator" pickers. */
export async function schemeLeaves(year: number): Promise<{ id: string; name: string; method?: string }[]> {
  const { items } = await schemesApi.list();
  const s = items.find((x) => x.year === year);
  const no = s ? (s.publishedVersion ?? s.draftVersion) : null;
  if (!s || no === null) return [];
  const v = await schemesApi.version(s.id, no);
  const out = new Map<string, { id: string; name: string; method?: string }>();
  const visit = (ind: Indicator) => {
    if (ind.children && ind.children.length > 0) ind.children.forEach(visit);
    else if (!out.has(ind.id)) out.set(ind.id, { id: ind.id, name: ind.name ?? ind.id, method: ind.method?.kind });
  };
  v.document.engine.groups.forEach((_g, gi) => groupBlocks(v.document, gi).forEach((b) => b.indicators.forEach(visit)));
  return [...out.values()];
}
