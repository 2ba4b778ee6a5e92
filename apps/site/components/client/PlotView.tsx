'use client';

import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { liveChartWidthStyle } from '../../lib/chart-width';

/** Props of {@link PlotView}. */
export interface PlotViewProps {
  /** Plot options to draw; pass a memoised object, the chart is redrawn when it changes. */
  options: Plot.PlotOptions;
  /** Accessible name of the chart. */
  label: string;
}

/** Draws Plot options in the browser, replacing the build-time SVG once the reader interacts. */
export function PlotView({ options, label }: PlotViewProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = Plot.plot(options);
    container.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);
  return <div className="chart-body" role="img" aria-label={label} ref={container} style={liveChartWidthStyle(options)} data-live="true" />;
}
