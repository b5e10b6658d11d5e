import { escapeHtml } from '../../lib/html';

/**
 * The heatmap's tooltip: "indicator<br/>unit: 85%". ECharts renders a formatter's string as HTML, so the names
 * (typed by the office, or imported) are escaped; the content-security policy is the second line, not the first.
 */
export function heatmapTooltip(indicators: readonly { name: string }[], units: readonly { name: string }[]) {
  return (p: { data: [number, number, number | null] }): string => {
    const ind = escapeHtml(indicators[p.data[1]]?.name ?? '');
    const unit = escapeHtml(units[p.data[0]]?.name ?? '');
    const v = p.data[2];
    return `${ind}<br/>${unit}: ${v === null ? '—' : escapeHtml(v)}%`;
  };
}
