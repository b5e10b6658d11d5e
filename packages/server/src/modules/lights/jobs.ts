import { flagOverdueAnswers } from '../redlights/service';
import type { DailyJob } from '../scheduler/job';
import { isExplicitDay } from './clock';
import { recomputeAllCounties } from './service';

/** Recomputes every county's lights of its current year; a day other than today (CLI --day) is used as given. */
export const lightsJob: DailyJob = {
  name: 'lights',
  run: ({ db, day, now }) => recomputeAllCounties(db, day, isExplicitDay(day, now)),
};

/** Tells the office of red-light answers past their due day (once per item; a pinned year by its pinned day). */
export const redLightOverdueJob: DailyJob = {
  name: 'redlights-overdue',
  run: ({ db, day, now }) => db.transaction((tx) => flagOverdueAnswers(tx, day, isExplicitDay(day, now))),
};
