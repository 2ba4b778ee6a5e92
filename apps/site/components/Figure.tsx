import type { ReactNode } from 'react';
import { ChartBody } from './ChartBody';

/** Props of {@link Figure}. */
export interface FigureProps {
  /** Visible title, also the accessible name of the chart. */
  title: string;
  /** Chart markup rendered at build time (see lib/svg.ts). */
  svg: string;
  /** Text under the chart: what to read from it. */
  caption?: ReactNode;
  /** Optional controls or a live chart that replaces the static one when JavaScript runs. */
  children?: ReactNode;
  /** Level of the title's heading: 3 (default) under a section's h2, 2 where the figure opens a section itself. */
  headingLevel?: 2 | 3;
}

/** A build-time chart with a title and caption; readable without JavaScript. */
export function Figure({ title, svg, caption, children, headingLevel = 3 }: FigureProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <figure className="chart">
      <Heading className="chart-title">{title}</Heading>
      {children ?? <ChartBody svg={svg} label={title} />}
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}
