import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lib/html';
import { heatmapTooltip } from './heatmapTooltip';

describe('heatmap tooltip (ECharts renders it as HTML)', () => {
  it('escapes unit and indicator names: no markup gets through', () => {
    const f = heatmapTooltip(
      [{ name: '招商引资<script>alert(1)</script>' }],
      [{ name: '<img src=x onerror=alert(1)>' }, { name: '二号乡' }],
    );
    const html = f({ data: [0, 0, 85.5] });
    expect(html).toBe(
      '招商引资&#60;script&#62;alert(1)&#60;/script&#62;<br/>&#60;img src=x onerror=alert(1)&#62;: 85.5%',
    );
    // The only tag left is the formatter's own line break.
    expect(html.replace('<br/>', '')).not.toMatch(/[<>]/);
    expect(f({ data: [1, 0, null] })).toBe('招商引资&#60;script&#62;alert(1)&#60;/script&#62;<br/>二号乡: —%');
  });

  it('escapeHtml covers & < > " \'', () => {
    expect(escapeHtml(`a&b<c>"d"'e'`)).toBe('a&#38;b&#60;c&#62;&#34;d&#34;&#39;e&#39;');
    expect(escapeHtml(null)).toBe('');
  });
});
