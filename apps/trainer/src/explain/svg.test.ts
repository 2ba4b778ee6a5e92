import { describe, expect, it } from 'vitest';
import { escapeHtml, linearScale, logScale, niceTicks, text } from './svg';

describe('report SVG helpers', () => {
  it('escapes text for HTML content and attributes', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
    expect(text(1, 2, '<b>')).toBe('<text x="1.0" y="2.0" >&lt;b&gt;</text>');
  });
  it('maps domains onto ranges', () => {
    expect(linearScale([0, 10], [100, 200])(2.5)).toBe(125);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
    expect(logScale([1, 100], [0, 2])(10)).toBeCloseTo(1, 12);
  });
  it('gives round ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 500, 5)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(-4, -2, 4)).toEqual([-4, -3.5, -3, -2.5, -2]);
  });
});
