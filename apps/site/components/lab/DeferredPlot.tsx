'use client';

import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { liveChartWidthStyle } from '../../lib/chart-width';

/** Props of {@link DeferredPlot}. */
export interface DeferredPlotProps {
  /** Plot options; a new object redraws (at most once per `minIntervalMs`). */
  options: Plot.PlotOptions;
  /** Accessible name of the chart. */
  label: string;
  /** Least time between two redraws, in milliseconds; the latest options are drawn at the end. Default 0. */
  minIntervalMs?: number;
}

/**
 * Draws Plot options in a task of its own (not in React's commit), at most once per interval, so
 * that live charts redrawn while training never add up to one long main-thread task.
 */
export function DeferredPlot({ options, label, minIntervalMs = 0 }: DeferredPlotProps) {
  const container = useRef<HTMLDivElement>(null);
  const lastDraw = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    const wait = Math.max(0, lastDraw.current + minIntervalMs - performance.now());
    const timer = setTimeout(() => {
      lastDraw.current = performance.now();
      container.current?.replaceChildren(Plot.plot(options));
    }, wait);
    return () => clearTimeout(timer);
  }, [options, minIntervalMs]);
  return <div className="chart-body" role="img" aria-label={label} ref={container} style={liveChartWidthStyle(options)} data-live="true" />;
}
