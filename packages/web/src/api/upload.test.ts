import { describe, expect, it } from 'vitest';
import { ApiError, setCsrfToken, uploadWithProgress, type XhrLike } from './client';

/** A stand-in XMLHttpRequest: records what was sent, and lets the test play the upload and the answer. */
class FakeXhr implements XhrLike {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: Blob | ArrayBuffer | null = null;
  withCredentials = false;
  status = 0;
  responseText = '';
  private progressListener: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null = null;
  private listeners: Record<string, () => void> = {};
  upload: XhrLike['upload'] = { addEventListener: (_type, listener) => (this.progressListener = listener) };
  addEventListener(type: 'load' | 'error' | 'abort', listener: () => void) {
    this.listeners[type] = listener;
  }
  fire(type: 'load' | 'error' | 'abort') {
    this.listeners[type]?.();
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: Blob | ArrayBuffer) {
    this.body = body;
  }
  progress(loaded: number, total: number) {
    this.progressListener?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.fire('load');
  }
}

describe('an upload that reports its progress', () => {
  it('sends the file with the session headers and reports each step up to the whole size, then the answer', async () => {
    setCsrfToken('csrf-1');
    const xhr = new FakeXhr();
    const seen: [number, number | null][] = [];
    const file = new Blob([new Uint8Array(2000)]);
    const done = uploadWithProgress<{ imported: number }>(
      '/excel/units',
      { data: file, contentType: 'application/x-test' },
      (sent, total) => seen.push([sent, total]),
      { dryRun: 'true', year: undefined },
      () => xhr,
    );
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/excel/units?dryRun=true');
    expect(xhr.withCredentials).toBe(true);
    expect(xhr.headers).toMatchObject({ 'Content-Type': 'application/x-test', 'x-csrf-token': 'csrf-1' });
    expect(xhr.body).toBe(file);
    xhr.progress(500, 2000);
    xhr.progress(2000, 2000);
    xhr.answer(200, { imported: 12 });
    await expect(done).resolves.toEqual({ imported: 12 });
    expect(seen).toEqual([
      [0, 2000],
      [500, 2000],
      [2000, 2000],
      [2000, 2000],
    ]);
  });

  it('a refused file rejects with the API error, its rows and how many rows were refused', async () => {
    const xhr = new FakeXhr();
    const done = uploadWithProgress(
      '/excel/units',
      { data: new Blob(['x']), contentType: 'x' },
      () => {},
      {},
      () => xhr,
    );
    xhr.answer(400, {
      error: {
        code: 'IMPORT_REJECTED',
        message: '有 3 处错误',
        details: [],
        rows: [{ row: 2, column: '单位编码', message: '不能为空' }],
        refusedRows: 2,
      },
    });
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'IMPORT_REJECTED', refusedRows: 2 });
    expect((err as ApiError).rows).toHaveLength(1);
  });

  it('a network failure is a NETWORK error', async () => {
    const xhr = new FakeXhr();
    const done = uploadWithProgress(
      '/x',
      { data: new Blob(['x']), contentType: 'x' },
      () => {},
      {},
      () => xhr,
    );
    xhr.fire('error');
    await expect(done).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
});
