import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Progress, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeWork, uploadPercent, type WorkState } from '../lib/progress';

/** What a running action tells the user as it goes. */
export interface WorkControl {
  /** Bytes of the upload sent so far (XMLHttpRequest upload events): shown as a percentage bar. */
  upload: (sent: number, total: number | null) => void;
  /** Moves on to the next step (e.g. from uploading to the server's checking); the clock keeps running. */
  step: (step: string) => void;
}

let seq = 0;

/**
 * Long actions (uploads, imports, computing, documents) say what they are doing (issue 18): a message with a spinner
 * that names the step, a percentage bar while a file goes up, and the seconds waited since — updated every second
 * until the action ends. `running` is the current step, for buttons and inline notices.
 */
export function useWork() {
  const { message } = AntApp.useApp();
  const { t } = useTranslation();
  const [running, setRunning] = useState<string | null>(null);

  const run = useCallback(
    async <R,>(step: string, fn: (w: WorkControl) => Promise<R>): Promise<R> => {
      const key = `work-${++seq}`;
      const state: WorkState = { step, startedAt: Date.now() };
      let shownPercent: number | null = null;
      const show = () => {
        const percent = state.upload ? uploadPercent(state.upload.sent, state.upload.total) : null;
        shownPercent = percent;
        message.open({
          key,
          type: 'loading',
          duration: 0,
          content: (
            <span
              data-testid="work-status"
              style={{ display: 'inline-block', textAlign: 'left', verticalAlign: 'top' }}
            >
              <span data-testid="work-status-text">{describeWork(t, state, Date.now())}</span>
              {percent !== null && percent < 100 && (
                <Progress percent={percent} size="small" style={{ width: 260, margin: 0, display: 'block' }} />
              )}
            </span>
          ),
        });
      };
      show();
      setRunning(step);
      const timer = setInterval(show, 1000);
      try {
        return await fn({
          upload: (sent, total) => {
            state.upload = { sent, total };
            if (uploadPercent(sent, total) !== shownPercent) show();
          },
          step: (next) => {
            state.step = next;
            setRunning(next);
            show();
          },
        });
      } finally {
        clearInterval(timer);
        message.destroy(key);
        setRunning(null);
      }
    },
    [message, t],
  );

  return { run, running };
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
