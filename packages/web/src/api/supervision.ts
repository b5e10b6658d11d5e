// API types and calls of the supervision, city indicators, notifications and signals pages (issue 5, helper B).
import type * as C from '@yardstick/server/contract';
import * as enums from '@yardstick/server/enums';
import { api } from './client';
import { schemesApi } from './endpoints';
import { groupBlocks, type Indicator } from '../scheme/model';

export const SUPERVISION_KINDS = enums.SUPERVISION_KINDS;
export type SupervisionKind = C.SupervisionItem['kind'];
export const SUPERVISION_STATUSES = enums.SUPERVISION_STATUSES;
export type SupervisionStatus = C.SupervisionItem['status'];

export type UnitRef = C.UnitRef;
export type SupervisionItem = C.SupervisionItem;
export type SupervisionDetail = C.SupervisionDetail;
export type SupervisionQuery = Partial<C.SupervisionListQuery>;
export type SupervisionInput = C.CreateSupervisionInput;

export type CityLight = NonNullable<C.CityNode['light']>;
export type CityNode = C.CityNode;
export type CityIndicator = C.CityIndicator;
export type RedLightPicture = C.RedLightCounts['city'];

export type InboxItem = C.InboxItem;

export const SIGNAL_KINDS = enums.SIGNAL_KINDS;
export type SignalKind = C.Signal['kind'];
export type Signal = C.Signal;

const id = (v: string) => encodeURIComponent(v);

export const supervisionApi = {
  list: (q: SupervisionQuery) => api.get<C.SupervisionList>('/supervision', { ...q }),
  get: (itemId: string) => api.get<SupervisionDetail>(`/supervision/${id(itemId)}`),
  create: (body: SupervisionInput) => api.post<SupervisionDetail>('/supervision', body),
  update: (itemId: string, body: C.UpdateSupervisionInput) =>
    api.patch<SupervisionDetail>(`/supervision/${id(itemId)}`, body),
  report: (itemId: string, body: C.CreateProgressInput) =>
    api.post<SupervisionDetail>(`/supervision/${id(itemId)}/progress`, body),
};

export const cityApi = {
  list: (year: number) => api.get<C.CityList>('/city/indicators', { year }),
  create: (body: C.CreateCityIndicatorInput) => api.post<CityIndicator>('/city/indicators', body),
  update: (cityId: string, body: C.UpdateCityIndicatorInput) =>
    api.patch<CityIndicator>(`/city/indicators/${id(cityId)}`, body),
  addNode: (cityId: string, body: C.CreateCityNodeInput) =>
    api.post<CityIndicator>(`/city/indicators/${id(cityId)}/nodes`, body),
  updateNode: (nodeId: string, body: C.UpdateCityNodeInput) =>
    api.patch<CityIndicator>(`/city/nodes/${id(nodeId)}`, body),
  counts: (from: string, to: string) => api.get<C.RedLightCounts>('/city/red-light-counts', { from, to }),
};

export const notificationsApi = {
  list: (q: Partial<C.InboxQuery>) => api.get<C.Inbox>('/notifications', { ...q }),
  unreadCount: () => api.get<C.UnreadCount>('/notifications/unread-count'),
  read: (nid: string) => api.post<void>(`/notifications/${id(nid)}/read`, {}),
  readAll: () => api.post<C.MarkedAll>('/notifications/read-all', {}),
  settings: () => api.get<C.NotificationSettings>('/notifications/settings'),
  saveSettings: (body: C.UpdateNotificationSettingsInput) =>
    api.put<C.NotificationSettings>('/notifications/settings', body),
};

export const signalsApi = {
  list: (year: number, kind?: SignalKind) => api.get<C.SignalList>('/signals', { year, kind }),
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
