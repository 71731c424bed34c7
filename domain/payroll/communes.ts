/**
 * Which communes a province's scheduled run still has to build after continuing as new. The list of communes
 * with entitlements is read again by each segment and can change in between (a commune's first entitlement, a
 * relocation into a new commune), so the run resumes after the last commune code it built, never at a position:
 * a position would then skip a commune or build one twice.
 */
export function communesAfter(communes: readonly string[], lastBuilt: string): string[] {
  // Codes sort as the activity lists them (ORDER BY code).
  return communes.filter((code) => code > lastBuilt);
}
