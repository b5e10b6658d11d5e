import type * as C from '@yardstick/server/contract';
import { api, ApiError } from './client';
import type { BallotRules, Mark, ProportionLimit } from '@yardstick/engine/ballot-rules';

export type { BallotRules, Mark, ProportionLimit };
export type CampaignStatus = C.CampaignStatus;
export type CampaignConfig = C.CampaignConfigOut;
export type RaterGroupConfig = CampaignConfig['raterGroups'][number];
export type RaterForm = RaterGroupConfig['form'];
export type CampaignSummary = C.CampaignSummary;
export type CampaignDetail = C.CampaignDetail;
export type TurnoutRow = CampaignDetail['turnout'][number];
export type RaterGroupSettings = NonNullable<C.UpdateCampaignInput['settings']>['raterGroups'][number];
export type IssuedCode = C.IssuedCode;
export type Tally = C.TallyOut;
export type TallyUnit = Tally['units'][number];
export type TallyCell = TallyUnit['groups'][number];
export type Anomaly = Tally['anomalies'][number];
export type BallotForm = C.BallotForm;

const base = '/evaluation/campaigns';

export const evaluationApi = {
  list: (year?: number) => api.get('/evaluation/campaigns', { query: { year } }),
  get: (id: string) => api.get('/evaluation/campaigns/:id', { params: { id } }),
  create: (body: C.CreateCampaignInput) => api.post('/evaluation/campaigns', { body }),
  update: (id: string, body: C.UpdateCampaignInput) =>
    api.put('/evaluation/campaigns/:id', { params: { id }, body: body }),
  open: (id: string, version: number) =>
    api.post('/evaluation/campaigns/:id/open', { params: { id }, body: { version } }),
  close: (id: string, version: number) =>
    api.post('/evaluation/campaigns/:id/close', { params: { id }, body: { version } }),
  codes: (id: string, body: C.GenerateCodesInput) =>
    api.post('/evaluation/campaigns/:id/codes', { params: { id }, body: body }),
  turnout: (id: string) => api.get('/evaluation/campaigns/:id/turnout', { params: { id } }),
  tally: (id: string) => api.get('/evaluation/campaigns/:id/tally', { params: { id } }),
  /** The Excel sheet of codes just generated (POST: the codes travel in the body, never in a URL). */
  async sheet(id: string, codes: IssuedCode[], csrfToken: string, language: string): Promise<Blob> {
    const res = await fetch(`/api${base}/${id}/codes/sheet`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', 'x-csrf-token': csrfToken, 'Accept-Language': language },
      body: JSON.stringify({ codes }),
    });
    if (!res.ok) {
      const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new ApiError(res.status, data?.error?.code ?? 'INTERNAL', data?.error?.message ?? '');
    }
    return res.blob();
  },
};

export const voteApi = {
  form: (code: string) => api.post('/vote/form', { body: { code } }),
  cast: (code: string, marks: Record<string, Mark>) => api.post('/vote', { body: { code, marks } }),
};
