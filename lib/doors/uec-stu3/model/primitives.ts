/**
 * STU3 primitive types: the JSON value each takes and the lexical rules (regexes from the STU3 specification),
 * shared by JSON validation and XML reading so both doors accept exactly the same values.
 */
import type { PrimitiveType } from "./define";

const DATE = /^-?[0-9]{4}(-(0[1-9]|1[0-2])(-(0[0-9]|[1-2][0-9]|3[0-1]))?)?$/;
const DATE_TIME =
  /^-?[0-9]{4}(-(0[1-9]|1[0-2])(-(0[0-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;
const INSTANT =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const CODE = /^[^\s]+( [^\s]+)*$/;
const OID = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;
const BASE64 = /^(\s*([0-9a-zA-Z+/=]){4}\s*)+$/;
const URI = /^\S*$/;
const INTEGER_TEXT = /^[-+]?(0|[1-9][0-9]*)$/;
const DECIMAL_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Types whose JSON value is a number. */
export const NUMERIC_TYPES: ReadonlySet<PrimitiveType> = new Set(["integer", "decimal", "unsignedInt", "positiveInt"]);

/** Why a JSON value is not a valid value of the primitive type, or null when it is. */
export function primitiveProblem(type: PrimitiveType, value: unknown): string | null {
  switch (type) {
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false (a JSON boolean)";
    case "integer":
    case "unsignedInt":
    case "positiveInt": {
      if (typeof value !== "number" || !Number.isInteger(value)) return "must be a whole number (a JSON number)";
      if (value < INT32_MIN || value > INT32_MAX) return "is outside the 32-bit integer range";
      if (type === "unsignedInt" && value < 0) return "must not be negative";
      if (type === "positiveInt" && value < 1) return "must be 1 or more";
      return null;
    }
    case "decimal":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number (a JSON number)";
    default:
      break;
  }
  if (typeof value !== "string") return "must be a string";
  if (value.length === 0) return "must not be empty";
  const rule = STRING_RULES[type];
  if (rule && !rule.re.test(value)) return rule.message;
  if (type !== "xhtml" && type !== "markdown" && type !== "string" && value.trim() !== value) return "must not start or end with whitespace";
  return null;
}

const STRING_RULES: Partial<Record<PrimitiveType, { re: RegExp; message: string }>> = {
  id: { re: ID, message: "must be 1-64 letters, digits, '-' or '.'" },
  code: { re: CODE, message: "must be a code without leading, trailing or repeated whitespace" },
  uri: { re: URI, message: "must be a URI without whitespace" },
  oid: { re: OID, message: "must be an OID URI (urn:oid:…)" },
  base64Binary: { re: BASE64, message: "must be base64 encoded" },
  date: { re: DATE, message: "must be a date: YYYY, YYYY-MM or YYYY-MM-DD" },
  dateTime: { re: DATE_TIME, message: "must be a dateTime: a date, or a date and time with seconds and a time zone" },
  instant: { re: INSTANT, message: "must be an instant: date and time with seconds and a time zone (Z or ±hh:mm)" },
  time: { re: TIME, message: "must be a time: hh:mm:ss" },
};

/**
 * Converts the text of an XML `value` attribute to its JSON value: numbers and booleans become typed,
 * everything else stays a string. Returns an error message when the text is not a valid value.
 */
export function primitiveFromXml(type: PrimitiveType, text: string): { value: string | number | boolean } | { error: string } {
  if (type === "boolean") {
    if (text === "true") return { value: true };
    if (text === "false") return { value: false };
    return { error: "must be 'true' or 'false'" };
  }
  if (type === "integer" || type === "unsignedInt" || type === "positiveInt") {
    if (!INTEGER_TEXT.test(text)) return { error: "must be a whole number" };
    const value = Number(text);
    const problem = primitiveProblem(type, value);
    return problem ? { error: problem } : { value };
  }
  if (type === "decimal") {
    if (!DECIMAL_TEXT.test(text)) return { error: "must be a decimal number" };
    return { value: Number(text) };
  }
  const problem = primitiveProblem(type, text);
  return problem ? { error: problem } : { value: text };
}

/** The text of an XML `value` attribute for a JSON primitive value. */
export function primitiveToXml(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}

/** True for a dateTime/instant string that carries a time (and therefore a zone): comparable as an instant. */
export function isInstantLike(value: string): boolean {
  return INSTANT.test(value);
}
