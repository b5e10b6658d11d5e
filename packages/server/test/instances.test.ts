import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client';
import { createCounty, TEST_PASSWORD, type County } from './factories';
import { TEST_SIGNING_KEY } from './helpers';

/**
 * Two stateless app instances on one PostgreSQL behind nginx (round robin): a user signed in through one
 * is served by the other. Needs PostgreSQL (TEST_DATABASE_URL) and nginx, as CI's PostgreSQL pass has.
 */
const url = process.env.TEST_DATABASE_URL;
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
const root = path.resolve(import.meta.dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitFor(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(url && nginx)('several instances behind a load balancer', () => {
  const children: ChildProcess[] = [];
  let county: County;
  let front: string;
  let ports: number[];
  let tmp: string;

  beforeAll(async () => {
    const handle = await openDatabase({ kind: 'postgres', url: url ?? '', poolSize: 2 });
    county = await createCounty(handle.db);
    await handle.close();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ys-lb-'));
    ports = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      DATABASE_URL: url,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      AUDIT_SIGNING_KEY: TEST_SIGNING_KEY,
      DATA_DIR: tmp,
    };
    // Both start at once: the migration advisory lock makes one wait for the other.
    for (const port of ports) {
      children.push(
        spawn(process.execPath, [path.join(root, 'bin/yardstick.js'), 'serve'], {
          cwd: root,
          env: { ...env, PORT: String(port) },
          stdio: 'ignore',
        }),
      );
    }
    const lb = await freePort();
    const conf = path.join(tmp, 'nginx.conf');
    fs.writeFileSync(
      conf,
      `worker_processes 1; pid ${tmp}/nginx.pid; error_log ${tmp}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fcgi;
  uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  upstream app { server 127.0.0.1:${ports[0]}; server 127.0.0.1:${ports[1]}; }
  server {
    listen 127.0.0.1:${lb};
    location / {
      proxy_pass http://app;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
    );
    children.push(spawn(nginx ?? 'nginx', ['-p', tmp, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' }));
    front = `http://127.0.0.1:${lb}`;
    for (const port of ports) {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, `instance on ${port}`);
    }
    await waitFor(async () => (await fetch(`${front}/api/health`)).ok, 'nginx');
  }, 120_000);

  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
    spawnSync('sleep', ['0.5']);
  });

  it('serves one session from both instances, reads and writes alike', async () => {
    const login = await fetch(`${front}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: county.usernames.office, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const me = await fetch(`${front}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      upstreams.add(me.headers.get('x-upstream') ?? '');
    }
    expect([...upstreams].sort()).toEqual(ports.map((p) => `127.0.0.1:${p}`).sort());
    for (let i = 0; i < 2; i++) {
      const created = await fetch(`${front}/api/units`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({
          code: `LB${i}`,
          name: `负载均衡镇${i}`,
          kind: 'township',
          groupId: county.groups.township,
        }),
      });
      expect(created.status).toBe(201);
    }
  });
});
