import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  CreateRecord,
  DeleteRecordQuery,
  ProvidedRecordListQuery,
  RecordChoicesBody,
  RecordChoicesQuery,
  RecordList,
  RecordListQuery,
  UnitRecord,
  UpdateRecord,
} from './schemas';
import * as service from './service';

export const recordRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/records',
    {
      config: { access: 'records:read' },
      schema: {
        tags: ['records'],
        summary: '加分、扣分、一票否决、违纪违法记录列表',
        querystring: RecordListQuery,
        response: { 200: RecordList, ...errorResponses },
      },
    },
    (req) => service.listRecords(db, actorOf(req), req.query),
  );

  app.get(
    '/api/records/choices',
    {
      config: { access: 'records:read' },
      schema: {
        tags: ['records'],
        summary: '本年度方案中记录可选的加分类别、扣分规则、否决事项及其级别',
        querystring: RecordChoicesQuery,
        response: { 200: RecordChoicesBody, ...errorResponses },
      },
    },
    (req) => service.recordChoices(db, actorOf(req), req.query.year),
  );

  app.post(
    '/api/records',
    {
      config: { access: 'records:write' },
      schema: {
        tags: ['records'],
        summary: '新增记录',
        body: CreateRecord,
        response: { 201: UnitRecord, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createRecord(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/records/:id',
    {
      config: { access: 'records:write' },
      schema: {
        tags: ['records'],
        summary: '修改记录',
        params: IdParams,
        body: UpdateRecord,
        response: { 200: UnitRecord, ...errorResponses },
      },
    },
    (req) => service.updateRecord(db, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/records/:id',
    {
      config: { access: 'records:write' },
      schema: {
        tags: ['records'],
        summary: '删除记录（可带 version 防止误删他人刚改过的记录）',
        params: IdParams,
        querystring: DeleteRecordQuery,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.deleteRecord(db, actorOf(req), req.params.id, req.query.version);
      return reply.status(204).send(null);
    },
  );

  // 数据提供单位 (issue 17): a department's account keeps the records of the rules whose data its unit supplies.
  app.get(
    '/api/records/provided',
    {
      config: { access: 'records:provide' },
      schema: {
        tags: ['records'],
        summary: '本单位提供数据的规则的记录（数据提供单位）',
        querystring: ProvidedRecordListQuery,
        response: { 200: RecordList, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return service.listRecords(db, actor, req.query, await service.providedRules(db, actor, req.query.year));
    },
  );

  app.get(
    '/api/records/provided/choices',
    {
      config: { access: 'records:provide' },
      schema: {
        tags: ['records'],
        summary: '本单位提供数据的加分类别、扣分规则、否决事项及其级别',
        querystring: RecordChoicesQuery,
        response: { 200: RecordChoicesBody, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return service.recordChoices(db, actor, req.query.year, await service.providedRules(db, actor, req.query.year));
    },
  );

  app.post(
    '/api/records/provided',
    {
      config: { access: 'records:provide' },
      schema: {
        tags: ['records'],
        summary: '新增本单位提供数据的规则的记录',
        body: CreateRecord,
        response: { 201: UnitRecord, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createRecord(db, actorOf(req), req.body, true)),
  );

  app.patch(
    '/api/records/provided/:id',
    {
      config: { access: 'records:provide' },
      schema: {
        tags: ['records'],
        summary: '修改本单位提供数据的规则的记录',
        params: IdParams,
        body: UpdateRecord,
        response: { 200: UnitRecord, ...errorResponses },
      },
    },
    (req) => service.updateRecord(db, actorOf(req), req.params.id, req.body, true),
  );

  app.delete(
    '/api/records/provided/:id',
    {
      config: { access: 'records:provide' },
      schema: {
        tags: ['records'],
        summary: '删除本单位提供数据的规则的记录',
        params: IdParams,
        querystring: DeleteRecordQuery,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.deleteRecord(db, actorOf(req), req.params.id, req.query.version, true);
      return reply.status(204).send(null);
    },
  );
};
