import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { localeFrom } from '../../errors';
import { binaryResponse, errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  BallotForm,
  CampaignDetail,
  CampaignList,
  CampaignListQuery,
  Cast,
  CastBallot,
  CodeBody,
  CodesSheet,
  CreateCampaign,
  GenerateCodes,
  IssuedCodes,
  TallyOut,
  TurnoutOut,
  UpdateCampaign,
  VersionBody,
} from './schemas';
import * as service from './service';
import { poolOptions } from './pool';
import { codesWorkbook } from './sheet';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XlsxFile = binaryResponse(XLSX_MIME, 'Excel 工作簿（.xlsx）');

export const evaluationRoutes: FastifyPluginAsyncZod<{ db: Database; config: Config }> = async (
  app,
  { db, config },
) => {
  const tags = ['evaluation'];
  const pool = poolOptions(config);
  const locale = (req: { headers: Record<string, string | string[] | undefined> }) =>
    localeFrom(typeof req.headers['accept-language'] === 'string' ? req.headers['accept-language'] : undefined);

  app.get(
    '/api/evaluation/campaigns',
    {
      config: { access: 'evaluation:read' },
      schema: {
        tags,
        summary: '综合评议活动列表',
        querystring: CampaignListQuery,
        response: { 200: CampaignList, ...errorResponses },
      },
    },
    (req) => service.listCampaigns(db, actorOf(req), req.query),
  );

  app.post(
    '/api/evaluation/campaigns',
    {
      config: { access: 'evaluation:write' },
      schema: {
        tags,
        summary: '新建评议活动（草稿，评议组取自当年方案）',
        body: CreateCampaign,
        response: { 201: CampaignDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createCampaign(db, actorOf(req), req.body, locale(req))),
  );

  app.get(
    '/api/evaluation/campaigns/:id',
    {
      config: { access: 'evaluation:read' },
      schema: {
        tags,
        summary: '评议活动详情（配置、参评情况）',
        params: IdParams,
        response: { 200: CampaignDetail, ...errorResponses },
      },
    },
    (req) => service.getCampaign(db, actorOf(req), req.params.id),
  );

  app.put(
    '/api/evaluation/campaigns/:id',
    {
      config: { access: 'evaluation:write' },
      schema: {
        tags,
        summary: '修改评议活动（仅草稿）',
        params: IdParams,
        body: UpdateCampaign,
        response: { 200: CampaignDetail, ...errorResponses },
      },
    },
    (req) => service.updateCampaign(db, actorOf(req), req.params.id, req.body, locale(req)),
  );

  app.post(
    '/api/evaluation/campaigns/:id/open',
    {
      config: { access: 'evaluation:write' },
      schema: {
        tags,
        summary: '开始投票',
        params: IdParams,
        body: VersionBody,
        response: { 200: CampaignDetail, ...errorResponses },
      },
    },
    (req) => service.openCampaign(db, actorOf(req), req.params.id, req.body.version, locale(req)),
  );

  app.post(
    '/api/evaluation/campaigns/:id/close',
    {
      config: { access: 'evaluation:write' },
      schema: {
        tags,
        summary: '结束投票并计票（一次）',
        params: IdParams,
        body: VersionBody,
        response: { 200: CampaignDetail, ...errorResponses },
      },
    },
    (req) => service.closeCampaign(db, pool, actorOf(req), req.params.id, req.body.version),
  );

  app.post(
    '/api/evaluation/campaigns/:id/codes',
    {
      config: { access: 'evaluation:write' },
      schema: {
        tags,
        summary: '生成一次性评议码（明文只在此返回一次）',
        params: IdParams,
        body: GenerateCodes,
        response: { 201: IssuedCodes, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(await service.generateCodes(db, actorOf(req), req.params.id, req.body));
    },
  );

  app.post(
    '/api/evaluation/campaigns/:id/codes/sheet',
    {
      config: { access: 'evaluation:write' },
      schema: {
        tags,
        summary: '把刚生成的评议码做成 Excel（只接受本活动的评议码）',
        params: IdParams,
        body: CodesSheet,
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { campaign } = await service.verifyIssuedCodes(db, actorOf(req), req.params.id, req.body.codes);
      const body = await codesWorkbook(campaign, req.body.codes);
      const name = `${campaign.year}年度评议码.xlsx`;
      return reply
        .type(XLSX_MIME)
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="codes.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(body);
    },
  );

  app.get(
    '/api/evaluation/campaigns/:id/turnout',
    {
      config: { access: 'evaluation:read' },
      schema: {
        tags,
        summary: '参评情况（各评议组已投票数，不含任何结果）',
        params: IdParams,
        response: { 200: TurnoutOut, ...errorResponses },
      },
    },
    (req) => service.getTurnout(db, actorOf(req), req.params.id),
  );

  app.get(
    '/api/evaluation/campaigns/:id/tally',
    {
      config: { access: 'evaluation:read' },
      schema: {
        tags,
        summary: '计票结果（投票结束后）',
        params: IdParams,
        response: { 200: TallyOut, ...errorResponses },
      },
    },
    (req) => service.getTally(db, actorOf(req), req.params.id),
  );

  // Public voting: no account; limited per client address so codes cannot be guessed at speed.
  const rateLimit = { max: config.voteRateLimit, timeWindow: '1 minute' };
  // No request log for voting (the access log's time and client address of each vote would order the votes and
  // name their devices); errors are still logged, without the request (docs/security.md, ballot anonymity).
  const quiet = { logLevel: 'error' as const };

  app.post(
    '/api/vote/form',
    {
      ...quiet,
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['vote'],
        summary: '凭评议码取得评议表',
        body: CodeBody,
        response: { 200: BallotForm, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.ballotForm(db, req.body.code);
    },
  );

  app.post(
    '/api/vote',
    {
      ...quiet,
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['vote'],
        summary: '投票（每个评议码一次）',
        body: CastBallot,
        response: { 201: Cast, ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.castBallot(db, pool, req.body, locale(req));
      return reply.status(201).send({ ok: true as const });
    },
  );
};
