// One bonus / deduction / veto / discipline line of a unit's feedback, worded in the user's language from the
// server's structured detail (the engine's own notes are English and only a fallback).
import type { TFunction } from 'i18next';
import type { AdjustmentLine } from '../../api/yearend';
import { MEASURE_DISPLAY, type AssessorMeasureName } from '../../scheme/rules/deductionAmount';

const signed = (v: number) => (v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0');

/** One bonus / deduction / veto / discipline line in the user's language, with the scheme's names. */
export function adjustmentText(a: AdjustmentLine, t: TFunction, prev?: AdjustmentLine): string {
  const L = 'yearend.feedback.adjLine';
  const d = a.detail;
  const parts: string[] = [];
  // The rule's (often long) name once for consecutive lines of the same rule.
  const same = prev !== undefined && prev.kind === a.kind && prev.ruleId === a.ruleId;
  const name = same ? null : (a.ruleName ?? (a.kind === 'discipline' ? null : a.ruleId));
  // the scheme's own name of a level of its own (省部级) first, else the product's name of the code
  const zhLevel = a.level ? (a.levelName ?? t(`${L}.levels.${a.level}`, { defaultValue: a.level, lng: 'zh-CN' })) : '';
  const level = a.level ? (a.levelName ?? t(`${L}.levels.${a.level}`, { defaultValue: a.level })) : '';
  // A title that already starts with its level (省级文明乡镇) is not prefixed again.
  const titled = a.recordTitle !== null && zhLevel !== '' && a.recordTitle.startsWith(zhLevel);
  const record = `${titled ? '' : level}${a.recordTitle ? `「${a.recordTitle}」` : ''}`;
  switch (d.type) {
    case 'record':
      if (name) parts.push(name);
      if (record) parts.push(record);
      parts.push(`${d.count ? `${t(`${L}.count`, { n: d.count })} ` : ''}${signed(a.points)}`);
      break;
    case 'cap':
      if (name) parts.push(name);
      parts.push(t(`${L}.cap.${d.scope ?? 'category'}`, { limit: d.limit, from: d.from, to: d.to }));
      break;
    case 'lights':
      if (name) parts.push(name);
      parts.push(
        `${t(`${L}.lights.${d.color ?? 'yellow'}`, { count: d.count, every: d.every, per: d.per })}：${signed(a.points)}`,
      );
      break;
    case 'veto':
      if (name) parts.push(name);
      parts.push(t(`${L}.veto.${d.effect ?? 'lowestTier'}`, { n: d.n, points: d.points }));
      break;
    case 'discipline':
      parts.push(d.first ? t(`${L}.discipline`, { steps: d.steps ?? 1 }) : t(`${L}.disciplineAgain`));
      break;
    case 'outside':
      if (name) parts.push(name);
      if (record) parts.push(record);
      parts.push(t(`${L}.outside`));
      break;
    case 'measured': {
      if (name) parts.push(name);
      const side = d.direction === 'above' ? 'above' : 'below';
      const bands = (d.bands ?? []).map((b) =>
        t(`${L}.measured.band`, {
          side: t(`${L}.measured.${side}`),
          from: b.from,
          to: b.to === null ? '' : t(`${L}.measured.to`, { to: b.to }),
          units: b.units,
          rate: b.rate,
        }),
      );
      parts.push(
        `${t(`${L}.measured.read`, { indicator: d.indicator ?? '', value: d.value })}${bands.join(t(`${L}.measured.and`))}：${signed(a.points)}`,
      );
      break;
    }
    case 'rankPlace':
      if (name) parts.push(name);
      parts.push(
        `${t(`${L}.rankPlace`, { subUnit: d.subUnit, period: d.period, place: d.place, size: d.size, bottom: d.bottom })}：${signed(a.points)}`,
      );
      break;
    case 'assessor': {
      if (name) parts.push(name);
      const measure = (d.measure ?? '') as AssessorMeasureName;
      const pct = MEASURE_DISPLAY[measure]?.percent ?? false;
      const show = (v: number | undefined) =>
        v === undefined ? '' : pct ? `${Math.round(v * 1000) / 10}%` : String(Math.round(v * 10000) / 10000);
      const bound = [
        d.above !== undefined ? t(`${L}.assessor.above`, { v: show(d.above) }) : null,
        d.below !== undefined ? t(`${L}.assessor.below`, { v: show(d.below) }) : null,
      ].filter(Boolean);
      parts.push(
        `${t(`${L}.assessor.line`, {
          measure: t(`rules.assessor.measures.${measure}`, { defaultValue: measure }),
          value: show(d.value),
          bound: bound.join('、'),
          given: d.given,
        })}：${signed(a.points)}`,
      );
      break;
    }
    default:
      if (name) parts.push(name);
      parts.push(a.note);
      if (a.points !== 0) parts.push(signed(a.points));
  }
  return parts.join(' · ');
}
