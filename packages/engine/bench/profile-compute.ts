/**
 * Profiling helper (not part of `npm run bench:engine`): computes the synthetic province year
 * repeatedly so that `node --cpu-prof --import tsx packages/engine/bench/profile-compute.ts` shows where
 * a full compute spends its time. Prints the per-run wall and CPU milliseconds. PROFILE_RUNS (default 10).
 */
import { compute } from '../src/index';
import { synthYear } from './synth';

const runs = Math.max(1, Number(process.env.PROFILE_RUNS ?? 10));
const y = synthYear({ groups: 10, unitsPerGroup: 300, indicators: 300, nodes: 12, seed: 20190101 });
for (let i = 0; i < 3; i++) compute(y.scheme, y.dataset, { trusted: true });
const ts: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const c = process.cpuUsage();
  compute(y.scheme, y.dataset, { trusted: true });
  const d = process.cpuUsage(c);
  ts.push(performance.now() - t);
  cpu.push((d.user + d.system) / 1000);
}
// CPU time is steadier than wall time on a shared machine (it includes GC helper threads).
console.log(`wall ms: ${ts.map((x) => x.toFixed(0)).join(' ')}`);
console.log(`cpu ms:  ${cpu.map((x) => x.toFixed(0)).join(' ')}`);
