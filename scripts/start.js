// `npm start`: brings the engine and the server up to date (scripts/build.js --if-changed), then starts the server
// while the web app builds beside it when its sources changed — on a fresh clone the build (≈ 5 s) and the first
// start's database and demo county (≈ 15 s) no longer wait for each other. Until the web app is built the server
// answers its pages with a short 「网页正在构建」 page that reloads itself (YARDSTICK_WEB_BUILDING).
// A build failure is printed and the server stops with it: a half-started product is not left running.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, isFresh } from './build-stamp.js';

const build = path.join(ROOT, 'scripts/build.js');
const first = spawnSync(process.execPath, [build, 'engine', 'server', '--if-changed'], { stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const webStale = !isFresh('web');
const server = spawn(process.execPath, [path.join(ROOT, 'bin/yardstick.js'), 'serve', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: webStale ? { ...process.env, YARDSTICK_WEB_BUILDING: '1' } : process.env,
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

if (webStale) {
  const web = spawn(process.execPath, [build, 'web', '--if-changed'], { stdio: 'inherit' });
  web.on('exit', (code) => {
    if (code === 0) return;
    process.stderr.write('网页构建失败，服务已停止（见上方错误）。 The web build failed; the server is stopped.\n');
    server.kill('SIGTERM');
  });
}
