import LineChart, { type LineChartProps } from '@cloudscape-design/components/line-chart';
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/index.js';

export interface TrendLine {
  title: string;
  points: readonly { x: string; y: number }[];
}

/**
 * A line (or a few) over sessions or dates, as a Cloudscape LineChart on a categorical axis: vertical
 * markers at some categories (rupture alerts), horizontal lines at some values (severity bands). The chart
 * has its own accessible name and a description in words; the page also offers the numbers as a table.
 */
export function TrendChart(props: {
  /** The chart's accessible name. */
  label: string;
  /** Everything the chart shows, in words. */
  description: string;
  lines: readonly TrendLine[];
  xDomain: readonly string[];
  yDomain: [number, number];
  xTitle?: string;
  yTitle?: string;
  markers?: readonly { x: string; title: string }[];
  levels?: readonly { y: number; title: string }[];
  height?: number;
}): ReactNode {
  const series: LineChartProps<string>['series'][number][] = [
    ...props.lines.map((line) => ({ type: 'line' as const, title: line.title, data: line.points.map((point) => ({ x: point.x, y: point.y })) })),
    ...(props.levels ?? []).map((level) => ({ type: 'threshold' as const, title: level.title, y: level.y })),
    ...(props.markers ?? []).map((marker) => ({ type: 'threshold' as const, title: marker.title, x: marker.x })),
  ];
  return (
    <LineChart<string>
      series={series}
      xScaleType="categorical"
      xDomain={props.xDomain}
      yDomain={props.yDomain}
      xTitle={props.xTitle ?? 'Session'}
      yTitle={props.yTitle ?? 'Score'}
      ariaLabel={props.label}
      ariaDescription={props.description}
      height={props.height ?? 180}
      hideFilter
      empty={<EmptyState title="No scores yet" />}
      i18nStrings={{
        legendAriaLabel: `Legend of ${props.label}`,
        chartAriaRoleDescription: 'line chart',
        xAxisAriaRoleDescription: 'x axis',
        yAxisAriaRoleDescription: 'y axis',
        detailPopoverDismissAriaLabel: 'Dismiss',
      }}
    />
  );
}
