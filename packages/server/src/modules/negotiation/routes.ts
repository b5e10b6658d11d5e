import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { binaryResponse, errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  AddContact,
  CreateNegotiation,
  Negotiation,
  NegotiationList,
  NegotiationListQuery,
  RecordOutcome,
  UpdateNegotiation,
} from './schemas';
import * as service from './service';

export const negotiationRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/negotiations',
    {
      config: { access: 'city:read' },
      schema: {
        tags: ['negotiation'],
        summary: '市考指标目标协商：未结、逾期、已有结果（单位只见本单位）',
        querystring: NegotiationListQuery,
        response: { 200: NegotiationList, ...errorResponses },
      },
    },
    (req) => service.listNegotiations(db, actorOf(req), req.query.year, req.query.filter),
  );

  app.get(
    '/api/negotiations/:id',
    {
      config: { access: 'city:read' },
      schema: {
        tags: ['negotiation'],
        summary: '一项目标协商及其沟通记录',
        params: IdParams,
        response: { 200: Negotiation, ...errorResponses },
      },
    },
    (req) => service.getNegotiation(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/negotiations',
    {
      config: { access: 'negotiation:write' },
      schema: {
        tags: ['negotiation'],
        summary: '承担单位登记目标协商：建议目标、市里目标、理由（须在市里截止日期前）',
        body: CreateNegotiation,
        response: { 201: Negotiation, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createNegotiation(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/negotiations/:id',
    {
      config: { access: 'negotiation:write' },
      schema: {
        tags: ['negotiation'],
        summary: '修改目标协商（截止日期前、尚无结果时）',
        params: IdParams,
        body: UpdateNegotiation,
        response: { 200: Negotiation, ...errorResponses },
      },
    },
    (req) => service.updateNegotiation(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/negotiations/:id/contacts',
    {
      config: { access: 'negotiation:write' },
      schema: {
        tags: ['negotiation'],
        summary: '登记与市直对口单位的一次沟通（日期、人员、内容）',
        params: IdParams,
        body: AddContact,
        response: { 201: Negotiation, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.addContact(db, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/api/negotiations/:id/outcome',
    {
      config: { access: 'negotiation:write' },
      schema: {
        tags: ['negotiation'],
        summary: '登记协商结果：采纳、调整或维持原目标',
        params: IdParams,
        body: RecordOutcome,
        response: { 200: Negotiation, ...errorResponses },
      },
    },
    (req) => service.recordOutcome(db, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/negotiations/:id/evidence.xlsx',
    {
      config: { access: 'city:write' },
      schema: {
        tags: ['negotiation'],
        summary: '导出目标协商佐证材料（向市里说明目标过高），导出留痕',
        params: IdParams,
        response: {
          200: binaryResponse(
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            '目标协商佐证材料（.xlsx）',
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const file = await service.evidencePack(db, actorOf(req), req.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="negotiation-evidence.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .send(file.body);
    },
  );
};
