import type { ImportErrorBody } from '@yardstick/server/contract';
import type { ApiErrorDetail, ErrorCode, ImportRowError } from './types';

/** An error answered by the API (or a network failure, code `NETWORK`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ApiErrorDetail[];
  /** IMPORT_REJECTED: the bad rows and cells of the uploaded workbook. */
  readonly rows: ImportRowError[];
  /** IMPORT_REJECTED: how many rows of the file were refused (each once), when the server counted them. */
  readonly refusedRows: number | null;

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    details: ApiErrorDetail[] = [],
    rows: ImportRowError[] = [],
    refusedRows: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.rows = rows;
    this.refusedRows = refusedRows;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;
let language = 'zh-CN';
let onUnauthenticated: (() => void) | null = null;

/** Token from the login / me responses; sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The UI language; the server localises its error messages by `Accept-Language`. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Called when a request answers 401 UNAUTHENTICATED (session expired or logged out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A raw body (an uploaded file) sent as is, with this content type. */
  raw?: { data: Blob | ArrayBuffer; contentType: string };
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': language,
  };
  if (opts.raw) headers['Content-Type'] = opts.raw.contentType;
  else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(`/api${withQuery(path, opts.query)}`, {
      method,
      headers,
      credentials: 'include',
      body: opts.raw ? opts.raw.data : opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '');
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = parseJson(text);

  if (!res.ok) throw await toApiError(res, text);
  return data as T;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function toApiError(res: Response, text?: string): Promise<ApiError> {
  return errorOf(res.status, text ?? (await res.text().catch(() => '')));
}

function errorOf(status: number, text: string): ApiError {
  const data = parseJson(text);
  const err = (data as Partial<ImportErrorBody> | null)?.error;
  const apiError = new ApiError(
    status,
    err?.code ?? (status >= 500 ? 'INTERNAL' : 'HTTP_' + status),
    err?.message ?? '',
    err?.details ?? [],
    // IMPORT_REJECTED carries `rows` next to `details` (inside `error`, or beside it)
    err?.rows ?? (data as { rows?: ImportRowError[] } | null)?.rows ?? [],
    err?.refusedRows ?? null,
  );
  if (apiError.code === 'UNAUTHENTICATED') onUnauthenticated?.();
  return apiError;
}

/** Bytes of an upload sent so far: `total` is null when the browser cannot tell. */
export type UploadProgress = (sent: number, total: number | null) => void;

/** What `uploadWithProgress` needs of an XMLHttpRequest (a fake in the unit tests). */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob | ArrayBuffer): void;
  withCredentials: boolean;
  readonly status: number;
  readonly responseText: string;
  readonly upload: {
    addEventListener(
      type: 'progress',
      listener: (e: { loaded: number; total: number; lengthComputable: boolean }) => void,
    ): void;
  };
  addEventListener(type: 'load' | 'error' | 'abort', listener: () => void): void;
}

/**
 * An upload that reports its bytes as they leave (fetch cannot): XMLHttpRequest's upload progress events, with the
 * same headers, CSRF token, language and error answers as every other request.
 */
export function uploadWithProgress<T>(
  path: string,
  raw: { data: Blob | ArrayBuffer; contentType: string },
  onProgress: UploadProgress,
  query?: Query,
  makeXhr: () => XhrLike = () => new XMLHttpRequest(),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = makeXhr();
    xhr.open('POST', `/api${withQuery(path, query)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', language);
    xhr.setRequestHeader('Content-Type', raw.contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    const size = raw.data instanceof Blob ? raw.data.size : raw.data.byteLength;
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : size || null));
    xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK', '')));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was aborted', 'AbortError')));
    xhr.addEventListener('load', () => {
      const text = xhr.responseText;
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(size, size || null);
        resolve((xhr.status === 204 ? undefined : parseJson(text)) as T);
        return;
      }
      reject(errorOf(xhr.status, text));
    });
    onProgress(0, size || null);
    xhr.send(raw.data);
  });
}

/** A file answered by the API (Excel templates and exports): fetched with the session and the UI language. */
async function download(path: string, query?: Query): Promise<{ blob: Blob; filename: string | null }> {
  let res: Response;
  try {
    res = await fetch(`/api${withQuery(path, query)}`, {
      method: 'GET',
      headers: { 'Accept-Language': language },
      credentials: 'include',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (!res.ok) throw await toApiError(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  let filename: string | null = null;
  try {
    filename = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? null);
  } catch {
    filename = plain?.[1] ?? null;
  }
  return { blob: await res.blob(), filename };
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', path, signal ? { query, signal } : { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  postSignal: <T>(path: string, body: unknown, signal?: AbortSignal) =>
    request<T>('POST', path, signal ? { body, signal } : { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  upload: <T>(
    path: string,
    data: Blob | ArrayBuffer,
    contentType: string,
    query?: Query,
    onProgress?: UploadProgress,
  ) =>
    onProgress
      ? uploadWithProgress<T>(path, { data, contentType }, onProgress, query)
      : request<T>('POST', path, { raw: { data, contentType }, query }),
  download,
  del: <T>(path: string) => request<T>('DELETE', path),
};
