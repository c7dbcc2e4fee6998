/** NHS-style error summary: shown at the top of a form, focused, linking to each field in error. */
export function ErrorSummary({ title = "There is a problem", errors }: { title?: string; errors: { field?: string; message: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <div role="alert" aria-labelledby="error-summary-title" tabIndex={-1} className="mb-6 border-4 border-nhs-red bg-white p-4">
      <h2 id="error-summary-title" className="text-xl">
        {title}
      </h2>
      <ul className="list-none space-y-1">
        {errors.map((e, i) => (
          <li key={i}>
            {e.field ? (
              <a href={`#${e.field}`} className="font-bold text-nhs-red">
                {e.message}
              </a>
            ) : (
              <span className="font-bold text-nhs-red">{e.message}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
