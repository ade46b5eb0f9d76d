// When a line chart thins its points before drawing: chart.js's LTTB decimation keeps the shape of
// a long series with about two samples per pixel. It needs a numeric x, unparsed data and sorted x.

/** Below this many points a series draws as it is. */
export const DECIMATE_ABOVE = 2_000;
/** Above this many points a chart gets zoom and pan. */
export const ZOOM_ABOVE = 200;

export interface DecimationChoice {
  enabled: boolean;
  algorithm: 'lttb';
  samples: number;
}

export function decimationFor(longest: number, widthPx: number, xKind: 'linear' | 'category' | 'time'): DecimationChoice {
  const samples = Math.max(100, Math.round(widthPx * 2));
  return { enabled: xKind !== 'category' && longest > Math.max(DECIMATE_ABOVE, samples), algorithm: 'lttb', samples };
}

/** LTTB and chart.js's fast paths need x ascending; sorting a copy only when it is not. */
export function sortedByX<T extends { x: number }>(points: T[]): T[] {
  for (let i = 1; i < points.length; i++) if (points[i].x < points[i - 1].x) return [...points].sort((a, b) => a.x - b.x);
  return points;
}
