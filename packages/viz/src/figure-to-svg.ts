const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, sans-serif';

/** Rough text width in pixels (no layout engine in Node): 0.6 em per character. */
const textWidth = (text: string, fontSize: number): number => text.length * fontSize * 0.6;

interface Cursor {
  root: SVGSVGElement;
  y: number;
  width: number;
}

function appendText(cursor: Cursor, text: string, attributes: { size: number; weight?: number; fill?: string; gap: number }): void {
  // SVG text does not wrap: break on words where the estimated width would pass the chart's
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, attributes.size) <= cursor.width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  for (const line of lines) {
    const element = cursor.root.ownerDocument.createElementNS(SVG_NS, 'text');
    element.setAttribute('x', '0');
    element.setAttribute('y', String(cursor.y + attributes.size));
    element.setAttribute('font-size', String(attributes.size));
    if (attributes.weight) element.setAttribute('font-weight', String(attributes.weight));
    element.setAttribute('fill', attributes.fill ?? 'currentColor');
    element.textContent = line;
    cursor.root.append(element);
    cursor.y += attributes.size * 1.3;
  }
  cursor.y += attributes.gap;
}

/** Plot's HTML swatch legend (`<span><svg fill=…/>label</span>` items) as SVG rects and labels, wrapped to the width. */
function appendSwatches(cursor: Cursor, legend: Element, maxWidth: number): void {
  const document = cursor.root.ownerDocument;
  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('aria-label', 'legend');
  group.setAttribute('font-size', '12');
  let x = 0;
  let y = cursor.y;
  for (const swatch of legend.querySelectorAll(':scope > span, :scope > div')) {
    const color = swatch.querySelector('svg')?.getAttribute('fill') ?? 'currentColor';
    const label = swatch.textContent ?? '';
    const itemWidth = 15 + 6 + textWidth(label, 12) + 18;
    if (x > 0 && x + itemWidth > maxWidth) [x, y] = [0, y + 22];
    const rect = document.createElementNS(SVG_NS, 'rect');
    for (const [name, value] of Object.entries({ x, y, width: 15, height: 15, fill: color })) rect.setAttribute(name, String(value));
    const text = document.createElementNS(SVG_NS, 'text');
    for (const [name, value] of Object.entries({ x: x + 21, y: y + 12, fill: 'currentColor' })) text.setAttribute(name, String(value));
    text.textContent = label;
    group.append(rect, text);
    x += itemWidth;
  }
  cursor.root.append(group);
  cursor.y = y + 15 + 10;
}

/**
 * Turns Plot's HTML figure (title h2, subtitle h3, legends, chart svg, figcaption) into one
 * standalone SVG, stacking the parts vertically, so that Node can write a single .svg file.
 */
export function figureToSvg(figure: Element): SVGSVGElement {
  const document = figure.ownerDocument;
  const charts = [...figure.children].filter((child) => child.tagName.toLowerCase() === 'svg');
  const width = Math.max(0, ...charts.map((chart) => Number(chart.getAttribute('width') ?? 0)));
  const root = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  const cursor: Cursor = { root, y: 0, width };
  const main = charts.at(-1);
  const title = figure.querySelector(':scope > h2')?.textContent;
  if (title) {
    const element = document.createElementNS(SVG_NS, 'title');
    element.textContent = title;
    root.append(element);
  }
  for (const child of [...figure.children]) {
    const tag = child.tagName.toLowerCase();
    if (tag === 'h2') appendText(cursor, child.textContent ?? '', { size: 18, weight: 600, gap: 6 });
    else if (tag === 'h3') appendText(cursor, child.textContent ?? '', { size: 13, fill: '#555', gap: 10 });
    else if (tag === 'figcaption') appendText(cursor, child.textContent ?? '', { size: 12, fill: '#555', gap: 4 });
    else if (tag === 'div') appendSwatches(cursor, child, width);
    else if (tag === 'svg') {
      child.setAttribute('y', String(cursor.y));
      cursor.y += Number(child.getAttribute('height') ?? 0) + (child === main ? 0 : 6);
      root.append(child);
    }
  }
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(Math.ceil(cursor.y)));
  root.setAttribute('viewBox', `0 0 ${width} ${Math.ceil(cursor.y)}`);
  root.setAttribute('font-family', FONT);
  root.setAttribute('role', 'img');
  for (const name of ['aria-label', 'aria-description']) {
    const value = main?.getAttribute(name);
    if (value) root.setAttribute(name, value);
  }
  root.setAttribute('style', 'background: white; color: black');
  return root;
}
