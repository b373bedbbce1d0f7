/**
 * Measurement-based care: scores said in session and entered outside it, as one series per instrument with
 * severity bands and clinically meaningful change (docs/plans.md). Pure.
 */
export { CHANGE_CRITERIA, SCALES, bandOf, scaleOf } from './instruments.js';
export { InvalidMeasureError, validateEnteredMeasure, type MeasureField } from './entered.js';
export { buildMeasureSeries, changeOf, enteredPoint, sessionPoints, type SessionMeasures } from './series.js';
export { clientsMeasures, ownedByAnother } from './said.js';
