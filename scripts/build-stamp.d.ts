// Types for build-stamp.js (plain JavaScript so that it runs without a build), for the tests that import it.
export const ROOT: string;
export type Target = 'engine' | 'server' | 'web';
export const TARGETS: Record<Target, { out: string; inputs: string[] }>;
export interface InputFile {
  rel: string;
  abs: string;
  changed: number;
}
export interface Stamp {
  fingerprint: string;
  count: number;
  newest: number;
  builtAt: string;
}
export function inputFiles(name: Target, root?: string): InputFile[];
export function fingerprint(files: InputFile[]): string;
export function stampPath(name: Target, root?: string): string;
export function readStamp(name: Target, root?: string): Stamp | null;
export function isFresh(name: Target, root?: string): boolean;
export function makeStamp(files: InputFile[]): Stamp;
