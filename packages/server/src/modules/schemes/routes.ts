import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {} from 'zod';
import type { Database } from '../../db/client';
import { localeFrom } from '../../errors';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import { previewIndicator } from './preview';
import {
  CreateFromTemplate,
  CreateScheme,
  DiffQuery,
  DraftSaved,
  PreviewRequest,
  PreviewResult,
  Publish,
  ReviewDecisions,
  SaveDraft,
  SchemeDetail,
  SchemeDiff,
  SchemeList,
  SchemeSummary,
  SchemeTemplateList,
  SchemeVersionView,
  ValidationReport,
  VersionParams,
  NewVersionBody,
} from './schemas';
import * as review from './review';
import * as service from './service';
import * as template from './template';

const tags = ['schemes'];

export const schemeRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/schemes',
    {
      config: { access: 'schemes:read' },
      schema: { tags, summary: '考核方案列表（每年一个）', response: { 200: SchemeList, ...errorResponses } },
    },
    async (req) => ({ items: await service.listSchemes(db, actorOf(req)) }),
  );

  app.post(
    '/api/schemes',
    {
      config: { access: 'schemes:write' },
      schema: {
        tags,
        summary: '新建年度考核方案（空白或复制上一年度）',
        body: CreateScheme,
        response: { 201: SchemeSummary, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createScheme(db, actorOf(req), req.body)),
  );

  app.get(
    '/api/schemes/templates',
    {
      config: { access: 'schemes:write' },
      schema: {
        tags,
        summary: '方案模板（随产品提供，含模板的考核类别）',
        response: { 200: SchemeTemplateList, ...errorResponses },
      },
    },
    (req) => {
      actorOf(req);
      return { items: template.listTemplates(localeFrom(req.headers['accept-language'])) };
    },
  );

  app.post(
    '/api/schemes/from-template',
    {
      config: { access: 'schemes:write' },
      schema: {
        tags,
        summary: '从模板新建年度考核方案（模板类别逐一对应本县类别或不使用）',
        body: CreateFromTemplate,
        response: { 201: SchemeSummary, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await template.createFromTemplate(db, actorOf(req), req.body)),
  );

  app.get(
    '/api/schemes/diff',
    {
      config: { access: 'schemes:read' },
      schema: {
        tags,
        summary: '版本或年度之间的差异',
        querystring: DiffQuery,
        response: { 200: SchemeDiff, ...errorResponses },
      },
    },
    (req) => service.diffVersions(db, actorOf(req), req.query, localeFrom(req.headers['accept-language'])),
  );

  app.post(
    '/api/schemes/preview',
    {
      config: { access: 'schemes:read' },
      schema: {
        tags,
        summary: '单个指标计分预览',
        body: PreviewRequest,
        response: { 200: PreviewResult, ...errorResponses },
      },
    },
    async (req) => {
      actorOf(req);
      return previewIndicator(req.body, localeFrom(req.headers['accept-language']));
    },
  );

  app.get(
    '/api/schemes/:id',
    {
      config: { access: 'schemes:read' },
      schema: {
        tags,
        summary: '考核方案及其版本',
        params: IdParams,
        response: { 200: SchemeDetail, ...errorResponses },
      },
    },
    (req) => service.getScheme(db, actorOf(req), req.params.id),
  );

  app.get(
    '/api/schemes/:id/versions/:no',
    {
      config: { access: 'schemes:read' },
      schema: {
        tags,
        summary: '某一版本的方案内容',
        params: VersionParams,
        response: { 200: SchemeVersionView, ...errorResponses },
      },
    },
    (req) => service.getVersion(db, actorOf(req), req.params.id, req.params.no),
  );

  app.put(
    '/api/schemes/:id/draft',
    {
      config: { access: 'schemes:write' },
      schema: {
        tags,
        summary: '保存草稿',
        params: IdParams,
        body: SaveDraft,
        response: { 200: DraftSaved, ...errorResponses },
      },
    },
    (req) => service.saveDraft(db, actorOf(req), req.params.id, req.body, localeFrom(req.headers['accept-language'])),
  );

  app.post(
    '/api/schemes/:id/draft',
    {
      config: { access: 'schemes:write' },
      schema: {
        tags,
        summary: '基于已发布版本新建草稿版本',
        params: IdParams,
        body: NewVersionBody,
        response: { 201: SchemeVersionView, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.startNewVersion(db, actorOf(req), req.params.id, req.body?.note)),
  );

  app.post(
    '/api/schemes/:id/review',
    {
      config: { access: 'schemes:write' },
      schema: {
        tags,
        summary: 'R25：对上年度满分或无区分度指标逐项决定保留、调整或删除（记入草稿及其说明）',
        params: IdParams,
        body: ReviewDecisions,
        response: { 200: DraftSaved, ...errorResponses },
      },
    },
    (req) => review.decideReview(db, actorOf(req), req.params.id, req.body, localeFrom(req.headers['accept-language'])),
  );

  app.post(
    '/api/schemes/:id/validate',
    {
      config: { access: 'schemes:read' },
      schema: { tags, summary: '校验方案', params: IdParams, response: { 200: ValidationReport, ...errorResponses } },
    },
    (req) => service.validateScheme(db, actorOf(req), req.params.id, localeFrom(req.headers['accept-language'])),
  );

  app.post(
    '/api/schemes/:id/publish',
    {
      config: { access: 'schemes:write' },
      schema: {
        tags,
        summary: '发布草稿（发布后锁定）',
        params: IdParams,
        body: Publish,
        response: { 200: SchemeVersionView, ...errorResponses },
      },
    },
    (req) =>
      service.publishScheme(db, actorOf(req), req.params.id, req.body, localeFrom(req.headers['accept-language'])),
  );
};
