/**
 * FHIR R4 primitive value formats (https://hl7.org/fhir/R4/datatypes.html), as the spec's regexes
 * plus the calendar check a regex cannot do (2024-02-30 matches the pattern but is no date).
 */

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const CODE = /^[^\s]+( [^\s]+)*$/;
const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const ZONE = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
const INSTANT = new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${ZONE}$`);
const DATE_TIME = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE})?)?)?$`);
const DATE = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);
/** An absolute URI: a scheme, a colon, then no whitespace. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const URI = /^\S+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** BCP 47, loosely: a 2-3 letter language and optional subtags. */
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export const isFhirId = (value: string): boolean => ID.test(value);
export const isCode = (value: string): boolean => CODE.test(value);
export const isUri = (value: string): boolean => URI.test(value);
export const isAbsoluteUri = (value: string): boolean => ABSOLUTE_URI.test(value);
export const isLanguageTag = (value: string): boolean => LANGUAGE.test(value);

export function isInstant(value: string): boolean {
  return INSTANT.test(value) && isCalendarDate(value);
}

export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && isCalendarDate(value);
}

export function isDate(value: string): boolean {
  return DATE.test(value) && isCalendarDate(value);
}

/** Whether the YYYY-MM-DD prefix (when there is a day) names a real day. */
function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return true;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * base64Binary. R4's published regex allows whitespace between quads (a line-wrapped XML value), so
 * whitespace is ignored; otherwise the alphabet and padding must be exact.
 */
export function isBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length > 0 && BASE64.test(compact);
}

/** The bytes of a valid base64Binary value. */
export function decodeBase64(value: string): Buffer {
  return Buffer.from(value.replace(/\s+/g, ''), 'base64');
}

export function isUnsignedInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647;
}
