/**
 * Profiling helper (not part of `npm run bench:engine`): runs one engine phase on the synthetic
 * province year repeatedly, so that `node --cpu-prof --import tsx packages/engine/bench/profile-compute.ts`
 * shows where it spends its time. PROFILE_PHASE = compute (default) | diagnose; PROFILE_RUNS (default 10).
 * Prints the per-run wall and CPU milliseconds (CPU time is steadier on a shared machine; it includes
 * GC helper threads).
 */
import { compute } from '../src/index';
import { diagnoseResults } from '../src/analysis/index';
import { synthYear } from './synth';

const runs = Math.max(1, Number(process.env.PROFILE_RUNS ?? 10));
const phase = process.env.PROFILE_PHASE ?? 'compute';
const y = synthYear({ groups: 10, unitsPerGroup: 300, indicators: 300, nodes: 12, seed: 20190101 });
const results = compute(y.scheme, y.dataset, { trusted: true });
const run = (): unknown =>
  phase === 'diagnose' ? diagnoseResults(results, y.scheme) : compute(y.scheme, y.dataset, { trusted: true });
for (let i = 0; i < 2; i++) run();
const ts: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const c = process.cpuUsage();
  run();
  const d = process.cpuUsage(c);
  ts.push(performance.now() - t);
  cpu.push((d.user + d.system) / 1000);
}
console.log(`${phase} wall ms: ${ts.map((x) => x.toFixed(0)).join(' ')}`);
console.log(`${phase} cpu ms:  ${cpu.map((x) => x.toFixed(0)).join(' ')}`);

// The streaming floor in the same process, by CPU time too (the bench's streamMs is wall time).
const big = new Float64Array(y.unitIds.length * y.indicators.length * 13).fill(0.5);
const streamCpu: number[] = [];
let sink = 0;
for (let i = 0; i < 9; i++) {
  const c = process.cpuUsage();
  let acc = 0;
  for (let k = 0; k < big.length; k++) acc += big[k] as number;
  sink += acc;
  const d = process.cpuUsage(c);
  streamCpu.push((d.user + d.system) / 1000);
}
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
console.log(
  `stream cpu ms: ${streamCpu.map((x) => x.toFixed(1)).join(' ')}; median ${phase}/stream by CPU ${(med(cpu) / med(streamCpu)).toFixed(1)}${sink < 0 ? '' : ''}`,
);
