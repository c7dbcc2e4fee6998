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

/**
 * Whether any string (key or value) in parsed JSON, a JWT's claims or a route's parameters holds a NUL character,
 * walked without recursion. Found by the HTTP fuzz on PostgreSQL: text there cannot hold NUL, so an id like
 * "a%00b" failed inside the database, a 500. No FHIR string may contain one, so it is refused at the door.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\u0000")) return true;
    } else if (v && typeof v === "object") {
      for (const [k, child] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
        if (typeof k === "string" && k.includes("\u0000")) return true;
        stack.push(child);
      }
    }
  }
  return false;
}
