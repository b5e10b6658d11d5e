import { explainUnit } from '@yardstick/engine';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { units } from '../../db/schema';
import type { Database } from '../../db/client';
import { notFound } from '../../errors';
import { actorKey, cachedUntilWrite, HOT_READ_TTL_MS } from '../../lib/read-cache';
import { binaryResponse, errorResponses } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import type { Actor } from '../auth/actor';
import { XLSX_MIME } from '../excel/workbook';
import { bulletinFile, DOCX_MIME, workbookFile, assessorNames } from './documents';
import {
  ApproveBody,
  ComputeOutcome,
  Correction,
  CorrectionBody,
  CorrectionList,
  CorrectionParams,
  DiagnosticsQuery,
  DiagnosticsOutput,
  SensitivityOutput,
  UnitExplanationOutput,
  WhatIfOutput,
  PublishBody,
  PublishedSnapshot,
  RankingView,
  ReviewView,
  SensitivityQuery,
  SnapshotParams,
  SourceQuery,
  TieDecisionBody,
  UnitParams,
  VersionBody,
  Verification,
  YearList,
  YearParams,
} from './schemas';
import {
  approveCorrection,
  discardCorrection,
  listCorrections,
  prepareCorrection,
  publishCorrectionDraft,
  refreshCorrection,
} from './corrections';
import { recordTieDecision } from './decisions';
import * as service from './service';
import { diagnosticsOf, loadComputed, rankingOf, sensitivityOf, unitNameMap, whatIfLastYear } from './views';
import { explainPublished } from './read';

const attachment = (fileName: string, fallback: string) =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** Analysis is for the office and leaders; to anyone else it does not exist. */
function requireReviewer(actor: Actor, what: string, whatEn: string) {
  if (actor.role !== 'office' && actor.role !== 'leader') throw notFound(what, whatEn);
}

export const resultRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  const tags = ['results'];

  app.get(
    '/api/results/years',
    {
      config: { access: 'results:read' },
      schema: { tags, summary: '考核年度及其结果状态', response: { 200: YearList, ...errorResponses } },
    },
    async (req) => ({ items: await service.listYears(db, actorOf(req)) }),
  );

  app.get(
    '/api/results/:year',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '年度结果状态：预览、阻断问题、审定、已发布版本',
        params: YearParams,
        response: { 200: ReviewView, ...errorResponses },
      },
    },
    (req) => service.getReview(db, actorOf(req), req.params.year),
  );

  app.post(
    '/api/results/:year/compute',
    {
      config: { access: 'results:compute' },
      schema: {
        tags,
        summary: '从数据库计算年度结果（预览），列出阻断问题',
        params: YearParams,
        response: { 200: ComputeOutcome, ...errorResponses },
      },
    },
    (req) => service.computeYear(db, actorOf(req), req.params.year),
  );

  app.post(
    '/api/results/:year/approve',
    {
      config: { access: 'results:approve' },
      schema: {
        tags,
        summary: '领导审定年度结果（输入有变化则审定无效）',
        params: YearParams,
        body: ApproveBody,
        response: { 200: ReviewView, ...errorResponses },
      },
    },
    (req) => service.approveYear(db, actorOf(req), req.params.year, req.body),
  );

  app.post(
    '/api/results/:year/publish',
    {
      config: { access: 'results:publish' },
      schema: {
        tags,
        summary: '发布已审定的年度结果（不可更改的快照）',
        params: YearParams,
        body: PublishBody,
        response: { 201: PublishedSnapshot, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.publishYear(db, actorOf(req), req.params.year, req.body)),
  );

  app.post(
    '/api/results/:year/tie-decisions',
    {
      config: { access: 'results:compute' },
      schema: {
        tags,
        summary: '记录领导小组对等次边界同分的决定（顺序、会议日期、纪要），并重新计算',
        params: YearParams,
        body: TieDecisionBody,
        response: { 200: ReviewView, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await recordTieDecision(db, actor, req.params.year, req.body);
      await service.computeYear(db, actor, req.params.year);
      return service.getReview(db, actor, req.params.year);
    },
  );

  app.get(
    '/api/results/:year/corrections',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '更正草稿与已发布的更正（变化的单位、审定、发布）',
        params: YearParams,
        response: { 200: CorrectionList, ...errorResponses },
      },
    },
    async (req) => ({ items: await listCorrections(db, actorOf(req), req.params.year) }),
  );

  app.post(
    '/api/results/:year/corrections',
    {
      config: { access: 'results:publish' },
      schema: {
        tags,
        summary: '准备更正草稿（从当前数据重新计算，列出变化的单位；经领导审定后发布）',
        params: YearParams,
        body: CorrectionBody,
        response: { 201: Correction, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await prepareCorrection(db, actorOf(req), { year: req.params.year, reason: req.body.reason })),
  );

  app.post(
    '/api/results/:year/corrections/:id/refresh',
    {
      config: { access: 'results:publish' },
      schema: {
        tags,
        summary: '按当前数据重新计算更正草稿（原审定失效）',
        params: CorrectionParams,
        body: VersionBody,
        response: { 200: Correction, ...errorResponses },
      },
    },
    (req) => refreshCorrection(db, actorOf(req), req.params.year, req.params.id, req.body),
  );

  app.post(
    '/api/results/:year/corrections/:id/approve',
    {
      config: { access: 'results:approve' },
      schema: {
        tags,
        summary: '领导审定更正草稿',
        params: CorrectionParams,
        body: ApproveBody,
        response: { 200: Correction, ...errorResponses },
      },
    },
    (req) => approveCorrection(db, actorOf(req), req.params.year, req.params.id, req.body),
  );

  app.post(
    '/api/results/:year/corrections/:id/publish',
    {
      config: { access: 'results:publish' },
      schema: {
        tags,
        summary: '发布已审定的更正（新版本快照，注明原因）',
        params: CorrectionParams,
        body: VersionBody,
        response: { 201: PublishedSnapshot, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await publishCorrectionDraft(db, actorOf(req), req.params.year, req.params.id, req.body)),
  );

  app.post(
    '/api/results/:year/corrections/:id/discard',
    {
      config: { access: 'results:publish' },
      schema: {
        tags,
        summary: '撤销未发布的更正草稿',
        params: CorrectionParams,
        body: VersionBody,
        response: { 200: Correction, ...errorResponses },
      },
    },
    (req) => discardCorrection(db, actorOf(req), req.params.year, req.params.id, req.body),
  );

  app.get(
    '/api/results/:year/snapshots/:id/verify',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '校验已发布快照的摘要（发现绕过系统的直接修改）',
        params: SnapshotParams,
        response: { 200: Verification, ...errorResponses },
      },
    },
    (req) => {
      const actor = actorOf(req);
      requireReviewer(actor, '结果快照', 'Result snapshot');
      return service.verifySnapshot(db, actor.tenantId, req.params.id);
    },
  );

  app.get(
    '/api/results/:year/ranking',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '各类别排名与等次（含否决、降档、边界同分）',
        params: YearParams,
        querystring: SourceQuery,
        response: { 200: RankingView, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return cachedUntilWrite(
        db,
        actorKey('results.ranking', actor, { ...req.params, ...req.query }),
        HOT_READ_TTL_MS,
        async () =>
          rankingOf(
            await loadComputed(db, actor, req.params.year, req.query.source),
            await unitNameMap(db, actor.tenantId),
          ),
      );
    },
  );

  app.get(
    '/api/results/:year/diagnostics',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '指标诊断：满分指标、区分度、冗余、考核主体（阈值可调，见 docs/scoring.md §11）',
        params: YearParams,
        querystring: DiagnosticsQuery,
        response: { 200: DiagnosticsOutput, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      requireReviewer(actor, '指标诊断', 'Diagnostics');
      const c = await loadComputed(db, actor, req.params.year, req.query.source);
      const { source: _source, ...thresholds } = req.query;
      return diagnosticsOf(c, await assessorNames(db, actor.tenantId), thresholds);
    },
  );

  app.get(
    '/api/results/:year/sensitivity',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '权重敏感性：名次区间与脆弱的等次边界',
        params: YearParams,
        querystring: SensitivityQuery,
        response: { 200: SensitivityOutput, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      requireReviewer(actor, '敏感性分析', 'Sensitivity');
      const c = await loadComputed(db, actor, req.params.year, req.query.source);
      return sensitivityOf(c, req.query.runs, req.query.seed, req.query.spread);
    },
  );

  app.get(
    '/api/results/:year/whatif',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '假设分析：本年数据按上年方案计算的对比',
        params: YearParams,
        querystring: SourceQuery,
        response: { 200: WhatIfOutput, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      requireReviewer(actor, '假设分析', 'What-if');
      const c = await loadComputed(db, actor, req.params.year, req.query.source);
      return whatIfLastYear(db, actor.tenantId, c);
    },
  );

  app.get(
    '/api/results/:year/units/:unitCode',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '单位得分明细（追溯每一分）',
        params: UnitParams,
        querystring: SourceQuery,
        response: { 200: UnitExplanationOutput, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { year, unitCode } = req.params;
      if (actor.role === 'unit') {
        // A unit sees its own published explanation only.
        const own = actor.unitId ? (await unitNameMapById(db, actor.tenantId)).get(actor.unitId) : undefined;
        if (!own || own !== unitCode || req.query.source !== 'published') throw notFound('单位结果', 'Unit result');
        const x = await explainPublished(db, actor.tenantId, year, unitCode);
        if (!x) throw notFound('单位结果', 'Unit result');
        return x;
      }
      requireReviewer(actor, '单位结果', 'Unit result');
      const c = await loadComputed(db, actor, year, req.query.source);
      if (!c.results.units.some((u) => u.unitId === unitCode)) throw notFound('单位结果', 'Unit result');
      return explainUnit(c.results, unitCode);
    },
  );

  app.get(
    '/api/results/:year/bulletin.docx',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '结果通报（Word，GB/T 9704 版式）；source=preview 为预览稿',
        params: YearParams,
        querystring: SourceQuery,
        response: { 200: binaryResponse(DOCX_MIME, '通报（.docx）'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await bulletinFile(db, actorOf(req), req.params.year, req.query.source);
      return reply
        .type(DOCX_MIME)
        .header('content-disposition', attachment(file.fileName, `bulletin-${req.params.year}.docx`))
        .send(file.body);
    },
  );

  app.get(
    '/api/results/:year/results.xlsx',
    {
      config: { access: 'results:read' },
      schema: {
        tags,
        summary: '完整结果（Excel：汇总及各类别）；source=preview 为预览',
        params: YearParams,
        querystring: SourceQuery,
        response: { 200: binaryResponse(XLSX_MIME, 'Excel 工作簿（.xlsx）'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      requireReviewer(actor, '结果表', 'Results workbook');
      const file = await workbookFile(db, actor, req.params.year, req.query.source);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment(file.fileName, `results-${req.params.year}.xlsx`))
        .send(file.body);
    },
  );
};

async function unitNameMapById(db: Database, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.tenantId, tenantId));
  return new Map(rows.map((r) => [r.id, r.code]));
}
