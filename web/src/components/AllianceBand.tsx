import Badge, { type BadgeProps } from '@cloudscape-design/components/badge';
import type { ReactNode } from 'react';
import { type AllianceBand as Band, allianceBandOf } from '../../../schemas/alliance.js';

const BANDS: Record<Band, { label: string; color: BadgeProps['color'] }> = {
  strong: { label: 'Strong', color: 'green' },
  adequate: { label: 'Adequate', color: 'blue' },
  mixed: { label: 'Mixed', color: 'grey' },
  weak: { label: 'Weak', color: 'red' },
};

/** The band's name for a 0-100 alliance score (schemas/alliance.ts ALLIANCE_BAND_FLOORS); "Not scored" for null. */
export function allianceBandLabel(score: number | null | undefined): string {
  const band = allianceBandOf(score ?? null);
  return band ? BANDS[band].label : 'Not scored';
}

/** An alliance score's band as a labelled badge, with the score beside it when `showScore` is set. */
export function AllianceBand(props: { score: number | null | undefined; showScore?: boolean }): ReactNode {
  const band = allianceBandOf(props.score ?? null);
  if (!band) return <Badge color="grey">Not scored</Badge>;
  const { label, color } = BANDS[band];
  return (
    <span>
      <Badge color={color}>{`${label} alliance`}</Badge>
      {props.showScore && props.score != null ? ` ${Math.round(props.score)}` : ''}
    </span>
  );
}
