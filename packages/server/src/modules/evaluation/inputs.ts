import type { Ballot, Tally } from '@yardstick/engine';
import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { evaluationCampaigns } from '../../db/schema';
import type { StoredConfig } from './config';
import { countyUnits, readBallots } from './service';
import { toEngineInputs } from './tally';

export interface EvaluationInputs {
  status: 'none' | 'open' | 'closed';
  ballots: Ballot[];
  tallies: Tally[];
}

/**
 * The year's evaluation as engine inputs (contract with modules/results): ballots with marks keyed by unit code
 * and `raterGroup` = the scheme's `evaluation.raterGroups[].id`, plus paper-survey counts as engine tallies.
 * Only a closed campaign hands over its ballots: while voting is open nobody sees partial results, so the
 * answer is `{ status: 'open', ballots: [], tallies: [] }`.
 */
export async function evaluationInputs(db: Database, tenantId: string, year: number): Promise<EvaluationInputs> {
  const [campaign] = await db
    .select({ id: evaluationCampaigns.id, status: evaluationCampaigns.status, config: evaluationCampaigns.config })
    .from(evaluationCampaigns)
    .where(
      and(
        eq(evaluationCampaigns.tenantId, tenantId),
        eq(evaluationCampaigns.year, year),
        ne(evaluationCampaigns.status, 'draft'),
      ),
    );
  if (!campaign) return { status: 'none', ballots: [], tallies: [] };
  if (campaign.status !== 'closed') return { status: 'open', ballots: [], tallies: [] };
  const [stored, units] = await Promise.all([readBallots(db, campaign.id), countyUnits(db, tenantId)]);
  const inputs = toEngineInputs(stored, campaign.config as StoredConfig, new Map(units.map((u) => [u.id, u] as const)));
  return { status: 'closed', ...inputs };
}
