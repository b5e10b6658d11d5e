// Targets negotiated with the city (issue 20, R32). The shapes are the server's own, inferred from the zod schemas
// its routes declare, through `@yardstick/server/contract` (`import type`: nothing of the server reaches the bundle).
import type * as C from '@yardstick/server/contract';
import { api } from './client';

export type Negotiation = C.Negotiation;
export type NegotiationList = C.NegotiationList;
export type NegotiationCreate = C.CreateNegotiationInput;
export type NegotiationPatch = C.UpdateNegotiationInput;
export type NegotiationContactInput = C.AddNegotiationContactInput;
export type NegotiationOutcome = C.NegotiationOutcomeInput;
export type ReasonKind = Negotiation['reasons'][number];
export type NegotiationStatus = Negotiation['status'];
export type NegotiationFilter = C.NegotiationListQueryInput['filter'];

/** The run-time lists (the server's enums are in a module the web does not bundle). */
export const REASON_KINDS: readonly ReasonKind[] = ['reform', 'tooHigh', 'baseChanged', 'policyChanged', 'other'];
export const OUTCOME_STATUSES: readonly Exclude<NegotiationStatus, 'open'>[] = ['accepted', 'adjusted', 'kept'];

export const negotiationApi = {
  list: (year: number, filter: NegotiationFilter = 'all') => api.get('/negotiations', { query: { year, filter } }),
  get: (nid: string) => api.get('/negotiations/:id', { params: { id: nid } }),
  create: (body: NegotiationCreate) => api.post('/negotiations', { body: body }),
  update: (nid: string, body: NegotiationPatch) => api.patch('/negotiations/:id', { params: { id: nid }, body: body }),
  addContact: (nid: string, body: NegotiationContactInput) =>
    api.post('/negotiations/:id/contacts', { params: { id: nid }, body: body }),
  outcome: (nid: string, body: NegotiationOutcome) =>
    api.post('/negotiations/:id/outcome', { params: { id: nid }, body: body }),
  evidence: (nid: string) => api.download('/negotiations/:id/evidence.xlsx', { params: { id: nid } }),
};
