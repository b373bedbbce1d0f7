import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { ReactNode } from 'react';
import type { RiskLevelOrNone } from '../../../schemas/risk.js';

const LEVELS: Record<RiskLevelOrNone, { type: StatusIndicatorProps.Type; label: string }> = {
  high: { type: 'error', label: 'High risk' },
  moderate: { type: 'warning', label: 'Moderate risk' },
  low: { type: 'info', label: 'Low risk' },
  none: { type: 'success', label: 'No risk found' },
};

/** How a risk level is named on screen. */
export function riskLabel(level: RiskLevelOrNone | null | undefined): string {
  return level ? LEVELS[level].label : 'Risk not assessed';
}

/**
 * A session's or a client's highest risk level (schemas/risk.ts: high needs same-day attention, moderate
 * follow-up, low a warning sign), as an icon and words, never colour alone; `none` when nothing was found,
 * null or absent when no risk report exists.
 */
export function RiskBadge(props: { level: RiskLevelOrNone | null | undefined }): ReactNode {
  const { level } = props;
  if (!level) return <StatusIndicator type="stopped">{riskLabel(level)}</StatusIndicator>;
  return <StatusIndicator type={LEVELS[level].type}>{LEVELS[level].label}</StatusIndicator>;
}
