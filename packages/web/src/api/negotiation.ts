// Targets negotiated with the city (issue 20, R32). The shapes are the server's own, inferred from the zod schemas
// its routes declare (`import type`: nothing of the server reaches the bundle).
import type { z } from 'zod';
import type * as S from '../../../server/src/modules/negotiation/schemas';
import { api } from './client';

export type Negotiation = z.output<typeof S.Negotiation>;
export type NegotiationList = z.output<typeof S.NegotiationList>;
export type NegotiationCreate = z.input<typeof S.CreateNegotiation>;
export type NegotiationPatch = z.input<typeof S.UpdateNegotiation>;
export type NegotiationContactInput = z.input<typeof S.AddContact>;
export type NegotiationOutcome = z.input<typeof S.RecordOutcome>;
export type ReasonKind = Negotiation['reasons'][number];
export type NegotiationStatus = Negotiation['status'];
export type NegotiationFilter = z.input<typeof S.NegotiationListQuery>['filter'];

/** The run-time lists (the server's enums are in a module the web does not bundle). */
export const REASON_KINDS: readonly ReasonKind[] = ['reform', 'tooHigh', 'baseChanged', 'policyChanged', 'other'];
export const OUTCOME_STATUSES: readonly Exclude<NegotiationStatus, 'open'>[] = ['accepted', 'adjusted', 'kept'];

const id = (v: string) => encodeURIComponent(v);

export const negotiationApi = {
  list: (year: number, filter: NegotiationFilter = 'all') =>
    api.get<NegotiationList>('/negotiations', { year, filter }),
  get: (nid: string) => api.get<Negotiation>(`/negotiations/${id(nid)}`),
  create: (body: NegotiationCreate) => api.post<Negotiation>('/negotiations', body),
  update: (nid: string, body: NegotiationPatch) => api.patch<Negotiation>(`/negotiations/${id(nid)}`, body),
  addContact: (nid: string, body: NegotiationContactInput) =>
    api.post<Negotiation>(`/negotiations/${id(nid)}/contacts`, body),
  outcome: (nid: string, body: NegotiationOutcome) => api.post<Negotiation>(`/negotiations/${id(nid)}/outcome`, body),
  evidence: (nid: string) => api.download(`/negotiations/${id(nid)}/evidence.xlsx`),
};
