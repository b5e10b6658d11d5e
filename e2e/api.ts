import { expect } from 'vitest';

export const DEMO_PASSWORD = 'Yardstick@2019';

/**
 * Signs in over HTTP, as a second client would, for set-up and checking steps that are not what a test is
 * about. Returns a caller that sends the session cookie and CSRF token: `call('GET', '/users?q=x')`.
 */
export async function apiSession(baseUrl: string, username: string, password = DEMO_PASSWORD) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  // a Buffer goes as it is, with its content type (a workbook); anything else as JSON
  return (method: string, path: string, body?: unknown, contentType?: string) =>
    fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body ? { 'content-type': contentType ?? 'application/json' } : {}),
      },
      body: body instanceof Buffer ? new Uint8Array(body) : body ? JSON.stringify(body) : null,
    });
}
