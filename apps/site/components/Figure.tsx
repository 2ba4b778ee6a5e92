import type { ReactNode } from 'react';

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
}

/** A build-time chart with a title and caption; readable without JavaScript. */
export function Figure({ title, svg, caption, children }: FigureProps) {
  return (
    <figure className="chart">
      <h3 className="chart-title">{title}</h3>
      {children ?? <div className="chart-body" role="img" aria-label={title} dangerouslySetInnerHTML={{ __html: svg }} />}
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}
