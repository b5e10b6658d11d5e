import { api, ApiError } from './client';
import type { BallotRules, Mark, ProportionLimit } from '@yardstick/engine/ballot-rules';

export type { BallotRules, Mark, ProportionLimit };
export type CampaignStatus = 'draft' | 'open' | 'closed';
export type RaterForm = 'scale' | 'options' | 'ranking';

export interface RaterGroupConfig {
  id: string;
  name: string;
  weight: number;
  form: RaterForm;
  min: number;
  max: number;
  options: { label: string; points: number | null }[];
  rankBase: number;
  rankStep: number;
  rankStepUnit: 'percent' | 'points';
  rankFloor: number;
  schemeUnitGroups: string[] | null;
  units?: string[];
  unitGroups?: string[];
  peers: boolean;
  peerScope: 'kind' | 'group' | 'all';
  dontKnow: boolean;
  limits: ProportionLimit[];
}

export interface CampaignConfig {
  raterGroups: RaterGroupConfig[];
  trimAbove: number | null;
  invalidateUniform: boolean;
  surveyTallies: { raterGroup: string; unitCode: string; counts: Record<string, number> }[];
}

export interface TurnoutRow {
  raterGroup: string;
  name: string;
  issued: number;
  used: number;
}

export interface CampaignSummary {
  id: string;
  year: number;
  name: string;
  status: CampaignStatus;
  version: number;
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  issued: number;
  used: number;
}

export interface CampaignDetail extends CampaignSummary {
  config: CampaignConfig;
  formSizes: Record<string, number>;
  turnout: TurnoutRow[];
}

export interface RaterGroupSettings {
  id: string;
  units?: string[];
  unitGroups?: string[];
  peers: boolean;
  peerScope: 'kind' | 'group' | 'all';
  dontKnow: boolean;
  limits: ProportionLimit[];
}

export interface IssuedCode {
  code: string;
  raterGroup: string;
  raterGroupName: string;
  unitCode: string | null;
  unitName: string | null;
}

export interface TallyCell {
  raterGroup: string;
  valid: number;
  dontKnow: number;
  trimmed: number[];
  used: number;
  mean: number | null;
  weight: number;
}

export interface TallyUnit {
  unitCode: string;
  unitName: string;
  groupCode: string;
  groups: TallyCell[];
  evaluation: number | null;
}

export interface Anomaly {
  kind: 'identical_ballots' | 'group_divergence' | 'invalid_share';
  raterGroup: string;
  count?: number;
  unitCode?: string;
  mean?: number;
  others?: number;
  gap?: number;
  invalid?: number;
  ballots?: number;
}

export interface Tally {
  ballots: { raterGroup: string; name: string; ballots: number; invalid: number; survey: number }[];
  units: TallyUnit[];
  anomalies: Anomaly[];
  scoredBy: 'engine' | 'tally';
  config: CampaignConfig;
}

export interface BallotForm {
  campaign: { name: string; year: number };
  raterGroup: {
    id: string;
    name: string;
    form: RaterForm;
    min: number;
    max: number;
    options: { label: string; points: number | null }[];
    dontKnow: boolean;
    limits: ProportionLimit[];
    rejectUniform: boolean;
  };
  raterUnit: { code: string; name: string } | null;
  units: { id: string; code: string; name: string; groupCode: string }[];
}

const base = '/evaluation/campaigns';

export const evaluationApi = {
  list: (year?: number) => api.get<{ items: CampaignSummary[]; total: number }>(base, { year }),
  get: (id: string) => api.get<CampaignDetail>(`${base}/${id}`),
  create: (body: { year: number; name: string }) => api.post<CampaignDetail>(base, body),
  update: (id: string, body: { version: number; name?: string; settings?: { raterGroups: RaterGroupSettings[] } }) =>
    api.put<CampaignDetail>(`${base}/${id}`, body),
  open: (id: string, version: number) => api.post<CampaignDetail>(`${base}/${id}/open`, { version }),
  close: (id: string, version: number) => api.post<CampaignDetail>(`${base}/${id}/close`, { version }),
  codes: (id: string, body: { raterGroup: string; count: number; units?: string[] }) =>
    api.post<{ campaign: { id: string; name: string; year: number }; codes: IssuedCode[] }>(
      `${base}/${id}/codes`,
      body,
    ),
  turnout: (id: string) => api.get<{ status: CampaignStatus; groups: TurnoutRow[] }>(`${base}/${id}/turnout`),
  tally: (id: string) => api.get<Tally>(`${base}/${id}/tally`),
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
  form: (code: string) => api.post<BallotForm>('/vote/form', { code }),
  cast: (code: string, marks: Record<string, Mark>) => api.post<{ ok: true }>('/vote', { code, marks }),
};
