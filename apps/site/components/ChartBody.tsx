import { chartWidthStyle, svgWidth } from '../lib/chart-width';

/** Props of {@link ChartBody}. */
export interface ChartBodyProps {
  /** Chart markup rendered at build time. */
  svg: string;
  /** Accessible name of the chart. */
  label: string;
}

/** A build-time chart: shrinks with its figure down to a readable floor, then scrolls inside it. */
export function ChartBody({ svg, label }: ChartBodyProps) {
  return <div className="chart-body" role="img" aria-label={label} style={chartWidthStyle(svgWidth(svg))} dangerouslySetInnerHTML={{ __html: svg }} />;
}
