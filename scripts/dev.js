// `npm run dev`: the API with restart-on-change on :3000 and the Vite dev server (hot reload) on :5173.
import { spawn } from 'node:child_process';

const children = [
  spawn(
    process.execPath,
    ['--watch-path=packages/server/src', '--watch-path=packages/engine/src', 'bin/yardstick.js', 'serve'],
    {
      stdio: 'inherit',
      env: { NODE_ENV: 'development', ...process.env },
    },
  ),
  spawn('npm', ['run', 'dev', '-w', 'packages/web'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children)
  c.on('exit', (code) => {
    if (code) {
      stop();
      process.exitCode = code;
    }
  });
