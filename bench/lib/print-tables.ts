/**
 * The tables `npm run bench` prints, as Markdown (bench/README.md quotes them): the same numbers as
 * bench/results/latest.json. A target is marked "met" or "MISSED"; nothing is asserted.
 */

type Row = Record<string, unknown>;
type Section = { error?: string; results?: Row[]; providers?: Row[]; imports?: Row[] };

const mark = (ok: boolean) => (ok ? "met" : "MISSED");
const n = (value: unknown, digits = 1) => (typeof value === "number" ? value.toFixed(digits) : "-");

function table(head: string[], rows: unknown[][]): string {
  const line = (cells: unknown[]) => `| ${cells.map(String).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function inProcess(section: Section): string {
  const rows = (section.results ?? []).map((r) => {
    const layers = Object.values((r.layersP50Us ?? {}) as Record<string, number>);
    const step = (index: number) => n(layers[index] - layers[index - 1]);
    const overhead = r.overheadP50Us as number;
    return [
      r.provider,
      r.request,
      n(r.rawP50Us),
      n(r.runtimeP50Us),
      `${n(overhead)} (${mark(overhead <= (r.targetP50Us as number))} ≤ ${r.targetP50Us})`,
      n(r.rawP99Us, 0),
      n(r.runtimeP99Us, 0),
      step(1),
      step(2),
      step(3),
      step(4),
    ];
  });
  return table(
    [
      "provider",
      "request",
      "raw p50",
      "runtime p50",
      "overhead p50",
      "raw p99",
      "runtime p99",
      "of which: SDK with a signal",
      "provider plugin",
      "kernel",
      "behaviour plugins",
    ],
    rows,
  );
}

function streaming(section: Section): string {
  const rows = (section.results ?? []).map((r) => {
    if (r.skipped) return [r.provider, r.skipped, "", "", "", "", "", "", "", "", "", ""];
    const first = Object.values((r.sides ?? {}) as Record<string, { firstEventOverFirstUs: number }>).map(
      (side) => side.firstEventOverFirstUs,
    );
    const step = (index: number) => n(first[index] - first[index - 1]);
    return [
      r.provider,
      r.sseEvents,
      n(r.rawFirstEventP50Us),
      n(r.runtimeFirstEventP50Us),
      `${n(r.firstEventOverheadUs)} (${mark((r.firstEventOverheadUs as number) <= 20)} ≤ 20)`,
      step(1),
      step(2),
      step(3),
      step(4),
      n(r.rawWholeP50Us, 0),
      n(r.runtimeWholeP50Us, 0),
      `${n(r.perChunkOverheadUs, 2)} (${mark((r.perChunkOverheadUs as number) <= 1)} ≤ 1)`,
    ];
  });
  const head = ["provider", "SSE events", "raw first event", "runtime first event", "first event overhead"];
  const layers = ["of which: SDK with a signal", "provider plugin", "kernel", "behaviour plugins"];
  return table([...head, ...layers, "raw whole", "runtime whole", "per chunk"], rows);
}

function loopback(section: Section): string {
  const rows = (section.providers ?? []).flatMap((p) =>
    ((p.results ?? []) as Row[]).map((r) => [
      p.provider,
      r.inFlight,
      n(r.rawRequestsPerSecond, 0),
      n(r.runtimeRequestsPerSecond, 0),
      r.inFlight === 64
        ? `${n(r.throughputRatio, 3)} (${mark((r.throughputRatio as number) >= 0.97)} ≥ 0.97)`
        : n(r.throughputRatio, 3),
      n((r.rawP99Us as number) / 1000),
      n((r.runtimeP99Us as number) / 1000),
      r.errors,
    ]),
  );
  return table(
    [
      "provider",
      "in flight",
      "raw req/s",
      "runtime req/s",
      "ratio",
      "raw p99 ms",
      "runtime p99 ms",
      "errors",
    ],
    rows,
  );
}

function coldStart(section: Section): string {
  const rows = (section.results ?? []).map((r) => [
    r.config,
    n(r.importSdksMs),
    n(r.createRuntimeMs),
    `${n(r.extraMs)} (${mark((r.extraMs as number) <= 30)} ≤ 30)`,
    n(r.importSdksProcessMs, 0),
    n(r.createRuntimeProcessMs, 0),
  ]);
  const imports = (section.imports ?? []).map(
    (r) =>
      `- ${r.config}: imported ${(r.sdksImported as string[]).join(", ") || "no SDK"} (${mark(r.onlyThatSdk === true)}); cosmiconfig ${r.cosmiconfigImported ? "imported" : "not imported"}`,
  );
  const phases = (section as { phases?: { provider: string; ms: Record<string, number> } }).phases;
  const phaseLine = phases
    ? `- where a cold start naming only ${phases.provider} goes, ms: ${Object.entries(phases.ms)
        .map(([name, ms]) => `${name} ${n(ms)}`)
        .join(", ")}`
    : "";
  const head = ["config", "import the SDKs", "createRuntime", "extra", "process, SDKs", "process, runtime"];
  return `${table(head, rows)}\n\n${[...imports, phaseLine].filter(Boolean).join("\n")}`;
}

function memory(section: Section): string {
  const rows = (section.results ?? []).map((r) => {
    if (r.error) return [r.case, "", `failed: ${r.error}`, "", "", ""];
    const heap = Object.entries((r.heapMb ?? {}) as Record<string, number>);
    const growth = r.growthMb as number;
    return [
      r.provider,
      r.path,
      Object.keys((r.outcomes ?? {}) as object).join(", "),
      `${heap[0]?.[1]} MB @ ${heap[0]?.[0]}`,
      `${heap[heap.length - 1]?.[1]} MB @ ${heap[heap.length - 1]?.[0]}`,
      `${n(growth, 2)} (${mark(Math.abs(growth) <= 5)} ≤ 5)`,
    ];
  });
  return table(["provider", "path", "outcome (attempts)", "heap first", "heap last", "growth MB"], rows);
}

const PRINTERS: Record<string, [string, (section: Section) => string]> = {
  "in-process": ["In-process cost per call, µs (canned fetch, medians of per-round p50/p99)", inProcess],
  streaming: ["Streaming, µs (canned SSE, one event per read)", streaming],
  loopback: ["Over loopback (fake servers in another process)", loopback],
  "cold-start": ["Cold start, ms (fresh process, script start to ready)", coldStart],
  memory: ["Heap after GC, per request path (16 in flight)", memory],
};

export function formatTables(results: { sections: Record<string, unknown> }): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(results.sections)) {
    const section = value as Section;
    const [title, print] = PRINTERS[name] ?? [name, () => JSON.stringify(section)];
    parts.push(`### ${title}\n\n${section.error ? `section failed: ${section.error}` : print(section)}`);
  }
  return parts.join("\n\n");
}

export function printTables(results: { sections: Record<string, unknown> }): void {
  console.log(formatTables(results));
}
