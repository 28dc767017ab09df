// Partial data: what could not be read, and that the assessment uses the rest.
export function DataGaps({ gaps }: { gaps: string[] }) {
  if (gaps.length === 0) return null;
  return (
    <section class="notice notice-warn" aria-labelledby="gaps-heading" data-testid="data-gaps">
      <h2 id="gaps-heading"><span aria-hidden="true">⚠ </span>Partial data: some records could not be read</h2>
      <p>The assessment below uses everything else. Criteria that depend on these records may show as unknown. Ask your EHR administrator whether the app's access (scopes) covers them, or relaunch.</p>
      <ul>
        {gaps.map((gap) => <li key={gap}>Could not read: {gap}</li>)}
      </ul>
    </section>
  );
}
