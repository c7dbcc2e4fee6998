/** A form's answer as error-summary lines: each field's message linked to its input (`ids` maps field names to input ids), or the message alone. */
export function summaryErrors(state: { error?: string; fields?: Record<string, string> }, ids: (field: string) => string = (f) => f): { field?: string; message: string }[] {
  if (!state.error) return [];
  const fields = Object.entries(state.fields ?? {});
  return fields.length ? fields.map(([field, message]) => ({ field: ids(field), message })) : [{ message: state.error }];
}
