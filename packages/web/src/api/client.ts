import type { ApiRoutes, ImportErrorBody } from '@yardstick/server/contract';
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

// ----- typed by route -----
// The path of every call is a route's own (`/units/:id`), and its params, query, body and answer are what that route
// declares (`ApiRoutes`, generated from the server's routes): a call to a path the server does not have, a missing
// parameter or a shape the route does not take fails `tsc`, and no call picks its answer's type by hand.

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type RouteKey = keyof ApiRoutes;
/** The paths (after `/api`) a method serves. */
export type PathOf<M extends Method> = RouteKey extends infer K ? (K extends `${M} /api${infer P}` ? P : never) : never;
type Route<M extends Method, P extends string> = ApiRoutes[`${M} /api${P}` & RouteKey];
type Is<T> = [T] extends [never] ? false : true;

/**
 * A query as the client writes it into the URL: any field may be left out (or null); a field the server coerces
 * (its schema's input is `unknown`) takes any scalar, a 'true' | 'false' flag a boolean too.
 */
type QueryValue<T> = unknown extends T ? string | number | boolean : T extends 'true' | 'false' ? T | boolean : T;
type QueryOf<Q> = { [K in keyof Q]?: QueryValue<Q[K]> | null };

type ParamsPart<R extends { params: unknown }> = Is<R['params']> extends true ? { params: R['params'] } : unknown;
type QueryPart<R extends { query: unknown }> = Is<R['query']> extends true ? { query?: QueryOf<R['query']> } : unknown;
type BodyPart<R extends { body: unknown }> =
  Is<R['body']> extends true ? (undefined extends R['body'] ? { body?: R['body'] } : { body: R['body'] }) : unknown;
type Options<R extends { params: unknown; query: unknown; body: unknown }> = ParamsPart<R> &
  QueryPart<R> &
  BodyPart<R> & { signal?: AbortSignal };
/** The options argument: required when the route has path parameters or a required body. */
type Args<R extends { params: unknown; query: unknown; body: unknown }> =
  Is<R['params']> extends true
    ? [opts: Options<R>]
    : Is<R['body']> extends true
      ? undefined extends R['body']
        ? [opts?: Options<R>]
        : [opts: Options<R>]
      : [opts?: Options<R>];

type UploadOptions<R extends { params: unknown; query: unknown }> = ParamsPart<R> &
  QueryPart<R> & { onProgress?: UploadProgress };
type UploadArgs<R extends { params: unknown; query: unknown }> =
  Is<R['params']> extends true ? [opts: UploadOptions<R>] : [opts?: UploadOptions<R>];

/** Routes whose body is an uploaded file, and routes that answer a file. */
type UploadPath = {
  [K in RouteKey]: ApiRoutes[K]['body'] extends Blob | ArrayBuffer ? K : never;
}[RouteKey] extends infer K
  ? K extends `POST /api${infer P}`
    ? P
    : never
  : never;
type DownloadPath = { [K in RouteKey]: [ApiRoutes[K]['response']] extends [Blob] ? K : never }[RouteKey] extends infer K
  ? K extends `GET /api${infer P}`
    ? P
    : never
  : never;

/** `/units/:id` with `{ id }` → `/units/<id, URL-encoded>`; a parameter left out is a programming error. */
export function fillPath(path: string, params?: Record<string, string | number>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === '') throw new Error(`${path}: no value for :${name}`);
    return encodeURIComponent(String(v));
  });
}

interface AnyOptions {
  params?: Record<string, string | number>;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function call<M extends Method>(method: M) {
  return <P extends PathOf<M>>(path: P, ...[opts]: Args<Route<M, P>>): Promise<Route<M, P>['response']> => {
    const o = (opts ?? {}) as AnyOptions;
    return request(method, fillPath(path, o.params), {
      query: o.query,
      body: o.body,
      ...(o.signal ? { signal: o.signal } : {}),
    });
  };
}

export const api = {
  get: call('GET'),
  post: call('POST'),
  put: call('PUT'),
  patch: call('PATCH'),
  del: call('DELETE'),
  /** An uploaded file as the body (a workbook, evidence); `onProgress` reports its bytes as they leave. */
  upload: <P extends UploadPath>(
    path: P,
    file: { data: Blob | ArrayBuffer; contentType: string },
    ...[opts]: UploadArgs<Route<'POST', P>>
  ): Promise<Route<'POST', P>['response']> => {
    const o = (opts ?? {}) as AnyOptions & { onProgress?: UploadProgress };
    const url = fillPath(path, o.params);
    return o.onProgress
      ? uploadWithProgress(url, file, o.onProgress, o.query)
      : request('POST', url, { raw: file, query: o.query });
  },
  /** A file the route answers (Excel, Word, evidence), with the name the server gave it. */
  download: <P extends DownloadPath>(path: P, ...[opts]: Args<Route<'GET', P>>) => {
    const o = (opts ?? {}) as AnyOptions;
    return download(fillPath(path, o.params), o.query);
  },
};
