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

export const supervisionApi = {
  list: (q: SupervisionQuery) => api.get('/supervision', { query: q }),
  get: (itemId: string) => api.get('/supervision/:id', { params: { id: itemId } }),
  create: (body: SupervisionInput) => api.post('/supervision', { body: body }),
  update: (itemId: string, body: C.UpdateSupervisionInput) =>
    api.patch('/supervision/:id', { params: { id: itemId }, body: body }),
  report: (itemId: string, body: C.CreateProgressInput) =>
    api.post('/supervision/:id/progress', { params: { id: itemId }, body: body }),
};

export const cityApi = {
  list: (year: number) => api.get('/city/indicators', { query: { year } }),
  create: (body: C.CreateCityIndicatorInput) => api.post('/city/indicators', { body: body }),
  update: (cityId: string, body: C.UpdateCityIndicatorInput) =>
    api.patch('/city/indicators/:id', { params: { id: cityId }, body: body }),
  addNode: (cityId: string, body: C.CreateCityNodeInput) =>
    api.post('/city/indicators/:id/nodes', { params: { id: cityId }, body: body }),
  updateNode: (nodeId: string, body: C.UpdateCityNodeInput) =>
    api.patch('/city/nodes/:id', { params: { id: nodeId }, body: body }),
  counts: (from: string, to: string) => api.get('/city/red-light-counts', { query: { from, to } }),
};

export const notificationsApi = {
  list: (q: Partial<C.InboxQuery>) => api.get('/notifications', { query: q }),
  unreadCount: () => api.get('/notifications/unread-count'),
  read: (nid: string) => api.post('/notifications/:id/read', { params: { id: nid } }),
  readAll: () => api.post('/notifications/read-all'),
  settings: () => api.get('/notifications/settings'),
  saveSettings: (body: C.UpdateNotificationSettingsInput) => api.put('/notifications/settings', { body: body }),
};

export const signalsApi = {
  list: (year: number, kind?: SignalKind) => api.get('/signals', { query: { year, kind } }),
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
