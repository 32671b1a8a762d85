/** The tables `npm run bench` prints (the same numbers as bench/results/latest.json). */
export function printTables(results: { sections: Record<string, unknown> }): void {
  console.log(JSON.stringify(results.sections, null, 1));
}
