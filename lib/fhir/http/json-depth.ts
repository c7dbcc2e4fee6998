/** As deep as a FHIR XML body may be (DEFAULT_XML_LIMITS.maxDepth); a booking is about 10 levels deep. */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether parsed JSON nests deeper than `max`, walked without recursion. Found by the HTTP fuzz: a body nested
 * some thousands of objects deep overflowed the stack of the (recursive) validation, a 500.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > max) return true;
    if (v && typeof v === "object") for (const child of Array.isArray(v) ? v : Object.values(v)) if (child && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}
