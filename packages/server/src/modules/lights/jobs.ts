import { shanghaiDay } from '../../lib/day';
import { flagOverdueAnswers } from '../redlights/service';
import type { DailyJob } from '../scheduler/jobs';
import { recomputeAllCounties } from './service';

/** Recomputes every county's lights of its current year; a day other than today (CLI --day) is used as given. */
export const lightsJob: DailyJob = {
  name: 'lights',
  run: ({ db, day, now }) => recomputeAllCounties(db, day, day !== shanghaiDay(now)),
};

/** Tells the office of red-light answers past their due day (once per item). */
export const redLightOverdueJob: DailyJob = {
  name: 'redlights-overdue',
  run: ({ db, day }) => db.transaction((tx) => flagOverdueAnswers(tx, day)),
};
