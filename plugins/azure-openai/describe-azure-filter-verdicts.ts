/**
 * Azure's content filter verdicts (`content_filter_result(s)`: one entry per category, e.g.
 * `{"violence":{"filtered":true,"severity":"medium"},"jailbreak":{"filtered":true,"detected":true}}`)
 * as a short text naming the categories that were filtered: "violence: medium, jailbreak".
 * Anything not in that shape reads as no verdict (an empty string).
 */
export function describeAzureFilterVerdicts(results: unknown): string {
  if (typeof results !== "object" || results === null) return "";
  const filtered: string[] = [];
  for (const [category, verdict] of Object.entries(results)) {
    if (
      typeof verdict !== "object" ||
      verdict === null ||
      (verdict as { filtered?: unknown }).filtered !== true
    ) {
      continue;
    }
    const { severity } = verdict as { severity?: unknown };
    filtered.push(
      typeof severity === "string" && severity !== "safe" ? `${category}: ${severity}` : category,
    );
  }
  return filtered.join(", ");
}
