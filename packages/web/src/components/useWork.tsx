import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Progress, Spin, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeWork, uploadPercent, type WorkState } from '../lib/progress';

/** What a running action tells the user as it goes. */
export interface WorkControl {
  /** Bytes of the upload sent so far (XMLHttpRequest upload events): shown as a percentage bar. */
  upload: (sent: number, total: number | null) => void;
  /** Moves on to the next step (e.g. from uploading to the server's checking); the clock keeps running. */
  step: (step: string) => void;
}

// The running actions of the whole app, shown by <WorkStatusHost/> (mounted once in App.tsx). A store of our own
// rather than antd's message: a status must go the moment its work ends — a message closed during its opening
// animation can linger — and it must not mix with the success and error messages that follow.
interface Entry {
  id: number;
  state: WorkState;
}
let entries: Entry[] = [];
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};
const snapshot = () => entries;
function publish(next: Entry[]) {
  entries = next;
  for (const l of listeners) l();
}
let seq = 0;

/**
 * Long actions (uploads, imports, computing, documents) say what they are doing (issue 18): a status with a spinner
 * that names the step, a percentage bar while a file goes up, and the seconds waited since, until the action ends.
 * `running` is the current step, for buttons and inline notices.
 */
export function useWork() {
  const [running, setRunning] = useState<string | null>(null);

  const run = useCallback(async <R,>(step: string, fn: (w: WorkControl) => Promise<R>): Promise<R> => {
    const id = ++seq;
    const state: WorkState = { step, startedAt: Date.now() };
    const show = () => {
      const entry = { id, state: { ...state } };
      publish(entries.some((e) => e.id === id) ? entries.map((e) => (e.id === id ? entry : e)) : [...entries, entry]);
    };
    show();
    setRunning(step);
    try {
      return await fn({
        upload: (sent, total) => {
          const before = state.upload ? uploadPercent(state.upload.sent, state.upload.total) : null;
          state.upload = { sent, total };
          if (uploadPercent(sent, total) !== before) show();
        },
        step: (next) => {
          if (next === state.step) return;
          state.step = next;
          setRunning(next);
          show();
        },
      });
    } finally {
      publish(entries.filter((e) => e.id !== id));
      setRunning(null);
    }
  }, []);

  return { run, running };
}

/** The running actions, top centre like antd's messages, ticking every second while any runs. */
export function WorkStatusHost() {
  const list = useSyncExternalStore(subscribe, snapshot);
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [, setTick] = useState(0);
  useEffect(() => {
    if (list.length === 0) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [list.length]);
  if (list.length === 0) return null;
  const now = Date.now();
  return (
    <div
      style={{
        position: 'fixed',
        top: 8,
        left: 0,
        right: 0,
        zIndex: 2010,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        gap: 8,
        pointerEvents: 'none',
      }}
    >
      {list.map(({ id, state }) => {
        const percent = state.upload ? uploadPercent(state.upload.sent, state.upload.total) : null;
        return (
          <div
            key={id}
            role="status"
            aria-live="polite"
            data-testid="work-status"
            style={{
              display: 'flex',
              gap: 8,
              alignItems: 'flex-start',
              maxWidth: 'calc(100vw - 32px)',
              padding: '9px 12px',
              background: token.colorBgElevated,
              borderRadius: token.borderRadiusLG,
              boxShadow: token.boxShadow,
              color: token.colorText,
            }}
          >
            <Spin size="small" style={{ marginTop: 2 }} />
            <div>
              <span data-testid="work-status-text">{describeWork(t, state, now)}</span>
              {percent !== null && percent < 100 && (
                <Progress percent={percent} size="small" style={{ width: 260, margin: 0, display: 'block' }} />
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

/**
 * The inline form for a query that takes a while (a tab's analysis): a spinner, the step and the seconds waited,
 * in place of a bare loading card.
 */
export function Working({ step, testId = 'working' }: { step: string; testId?: string }) {
  const { t } = useTranslation();
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(startedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div style={{ padding: '32px 0', textAlign: 'center' }} data-testid={testId}>
      <Spin />
      <div style={{ marginTop: 12 }}>{describeWork(t, { step, startedAt }, now)}</div>
    </div>
  );
}
