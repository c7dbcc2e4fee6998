/** ETag, Last-Modified, Location and Content-Location for a stored Appointment version. */
export function appointmentHeaders(base: string, id: string, versionId: number, lastUpdated: Date): Record<string, string> {
  const versioned = `${base}/Appointment/${id}/_history/${versionId}`;
  return {
    ETag: `W/"${versionId}"`,
    "Last-Modified": lastUpdated.toUTCString(),
    Location: versioned,
    "Content-Location": versioned,
  };
}

/**
 * The version an If-Match header names: `W/"3"`, `"3"` or `3`. Null when it names no version we could have
 * issued (any such value is a mismatch: 409, not 412).
 */
export function versionFromIfMatch(value: string): number | null {
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  return m ? Number(m[1]) : null;
}
