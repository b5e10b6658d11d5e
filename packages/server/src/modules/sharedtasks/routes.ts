import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client';
import { errorResponses, IdParams } from '../../lib/schemas';
import { actorOf } from '../../plugins/auth';
import {
  Apportion,
  ApportionResult,
  CreateSharedTask,
  FileDispute,
  RuleDispute,
  SharedTask,
  SharedTaskList,
  SharedTaskListQuery,
  UpdateSharedTask,
} from './schemas';
import * as service from './service';

export const sharedTaskRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/shared-tasks',
    {
      config: { access: 'shares:read' },
      schema: {
        tags: ['shared-tasks'],
        summary: '共担任务：牵头单位、各单位份额、分工异议（单位只见本单位参与的）',
        querystring: SharedTaskListQuery,
        response: { 200: SharedTaskList, ...errorResponses },
      },
    },
    (req) => service.listSharedTasks(db, actorOf(req), req.query.year),
  );

  app.get(
    '/api/shared-tasks/:id',
    {
      config: { access: 'shares:read' },
      schema: {
        tags: ['shared-tasks'],
        summary: '一项共担任务及其异议、裁定',
        params: IdParams,
        response: { 200: SharedTask, ...errorResponses },
      },
    },
    (req) => service.getSharedTask(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/shared-tasks',
    {
      config: { access: 'shares:manage' },
      schema: {
        tags: ['shared-tasks'],
        summary: '设定共担任务：指标或督查事项、牵头单位、各单位份额（份额之和为 1）',
        body: CreateSharedTask,
        response: { 201: SharedTask, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createSharedTask(db, actorOf(req), req.body)),
  );

  app.patch(
    '/api/shared-tasks/:id',
    {
      config: { access: 'shares:manage' },
      schema: {
        tags: ['shared-tasks'],
        summary: '修改共担任务的牵头单位或份额',
        params: IdParams,
        body: UpdateSharedTask,
        response: { 200: SharedTask, ...errorResponses },
      },
    },
    (req) => service.updateSharedTask(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/shared-tasks/:id/disputes',
    {
      config: { access: 'shares:dispute' },
      schema: {
        tags: ['shared-tasks'],
        summary: '参与单位对分工提出异议',
        params: IdParams,
        body: FileDispute,
        response: { 201: SharedTask, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.fileDispute(db, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/api/shared-task-disputes/:id/ruling',
    {
      config: { access: 'shares:manage' },
      schema: {
        tags: ['shared-tasks'],
        summary: '考核办裁定分工异议（可同时调整牵头单位和份额），裁定留痕',
        params: IdParams,
        body: RuleDispute,
        response: { 200: SharedTask, ...errorResponses },
      },
    },
    (req) => service.ruleDispute(db, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/shared-tasks/:id/apportion',
    {
      config: { access: 'shares:manage' },
      schema: {
        tags: ['shared-tasks'],
        summary: '共担任务的扣分（或加分）按份额分摊到各单位，生成各单位的记录',
        params: IdParams,
        body: Apportion,
        response: { 201: ApportionResult, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.apportion(db, actorOf(req), req.params.id, req.body)),
  );
};
