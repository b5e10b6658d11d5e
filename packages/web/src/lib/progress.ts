// What a long action says while it runs (issue 18): the step it is on, how much of an upload has left, and how
// long it has been waiting — never a bare spinner. Pure functions; the hook that shows them is components/useWork.

/** Whole per cent of an upload sent, 0–100; null when the size is unknown. */
export function uploadPercent(sent: number, total: number | null): number | null {
  if (total === null || !(total > 0) || !Number.isFinite(total)) return null;
  const p = Math.floor((Math.max(0, sent) / total) * 100);
  return Math.min(100, p);
}

/** Whole seconds since `startedAt` (ms), never negative. */
export function elapsedSeconds(startedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** A size in bytes as people read it: 850 B, 12.4 KB, 3.1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A running action: the step it names, when it began, and the bytes of its upload if it has one. */
export interface WorkState {
  step: string;
  startedAt: number;
  upload?: { sent: number; total: number | null } | undefined;
}

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * The one line a long action shows: while a file is still going up, its percentage and bytes; then (or without an
 * upload) the step, with the seconds waited once there is at least one.
 */
export function describeWork(t: T, w: WorkState, now: number): string {
  if (w.upload && w.upload.total !== null && w.upload.sent < w.upload.total) {
    const percent = uploadPercent(w.upload.sent, w.upload.total) ?? 0;
    return t('work.uploading', {
      step: w.step,
      percent,
      sent: formatBytes(w.upload.sent),
      total: formatBytes(w.upload.total),
    });
  }
  const seconds = elapsedSeconds(w.startedAt, now);
  return seconds >= 1 ? t('work.elapsed', { step: w.step, seconds }) : t('work.starting', { step: w.step });
}
