/**
 * A return that asks the unit for evidence (issue 18: "a return asks for what the unit cannot give"): the unit may
 * then attach files where the indicator takes none, and must attach one before it resubmits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers';
import { publishYear } from './inyear-fixture';

let ctx: TestContext;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-evidence-request-'));
beforeAll(async () => {
  ctx = await createTestContext({ dataDir });
  await publishYear(ctx.handle.db, ctx.county.tenantId);
});
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function multipart(fileName: string, data: Buffer) {
  const boundary = '----ysboundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const save = (body: Json) => ctx.injectAs('unit', { method: 'PUT', url: '/api/reports', payload: body });
const submit = (id: string, version: number) =>
  ctx.injectAs('unit', { method: 'POST', url: `/api/reports/${id}/submit`, payload: { version } });
const review = (id: string, body: Json, role: 'assessor' | 'office' = 'assessor') =>
  ctx.injectAs(role, { method: 'POST', url: `/api/reports/${id}/review`, payload: body });
const upload = (id: string, name: string, data: Buffer) =>
  ctx.injectAs('unit', { method: 'POST', url: `/api/reports/${id}/evidence`, ...multipart(name, data) });

describe('a return that asks for evidence', () => {
  it('a return that asks for evidence lets the unit attach it where the indicator takes none, and must', async () => {
    const d = await save({ year: 2019, indicatorId: 't-rev', nodeId: 'h1', progress: 60 });
    expect(d.statusCode, d.body).toBe(200);
    const id = d.json().report.id as string;
    expect(d.json().evidenceRule).toBe('none');
    expect((await upload(id, '纪要.pdf', PDF)).json().error.code).toBe('EVIDENCE_NOT_ALLOWED');
    const sent = await submit(id, d.json().report.version);
    expect(sent.statusCode, sent.body).toBe(200);
    // A plain return keeps the indicator's rule: still no upload.
    let r = await review(
      id,
      { action: 'return', version: sent.json().report.version, reason: '进度偏低，请核实' },
      'office',
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().report).toMatchObject({ status: 'returned', evidenceRequested: false });
    expect((await upload(id, '纪要.pdf', PDF)).json().error.code).toBe('EVIDENCE_NOT_ALLOWED');
    let again = await submit(id, r.json().report.version);
    expect(again.statusCode, again.body).toBe(200);
    // Asking for the meeting minutes opens the upload, and the resubmission needs a file.
    r = await review(
      id,
      { action: 'return', version: again.json().report.version, reason: '请补充会议纪要', requestEvidence: true },
      'office',
    );
    expect(r.json().report).toMatchObject({ status: 'returned', evidenceRequested: true });
    again = await submit(id, r.json().report.version);
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({ code: 'EVIDENCE_REQUESTED' });
    expect(again.json().error.message).toContain('请补充会议纪要');
    const up = await upload(id, '会议纪要.pdf', PDF);
    expect(up.statusCode, up.body).toBe(201);
    const cell = await ctx.injectAs('unit', { method: 'GET', url: `/api/reports/${id}` });
    const done = await submit(id, cell.json().report.version);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().report.evidence).toHaveLength(1);
  });
});
