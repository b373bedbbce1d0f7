export { AllianceBand, allianceBandLabel } from './AllianceBand.js';
export { Cite } from './Cite.js';
export { EmptyState } from './EmptyState.js';
export { ErrorBoundary } from './ErrorBoundary.js';
export { LoadingState } from './LoadingState.js';
export { ProblemAlert, problemOf } from './ProblemAlert.js';
export { RiskBadge, riskLabel } from './RiskBadge.js';
export { type Loaded, useLoad } from './useLoad.js';
