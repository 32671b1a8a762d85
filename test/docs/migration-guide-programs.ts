import { join } from "node:path";
import { readCodeBlocks } from "./doc-code-blocks.js";

/** The heading of the guide's section whose TypeScript blocks are whole programs. */
export const PROGRAMS_SECTION = "## Feature by feature";

/** One program of the guide: a TypeScript block, the config it reads, and what it says it prints. */
export interface GuideProgram {
  /** The `###` heading the program sits under. */
  heading: string;
  code: string;
  /** The `llm.config.json` of its section, or of the nearest section above that gives one. */
  config: Record<string, unknown>;
  /** The lines its `// prints:` comments announce, in order. */
  prints: string[];
  /** 1-based line of the block in the page. */
  line: number;
}

/** Where the programs section starts and ends in the page (the end is the next `## ` heading). */
function programsRange(page: string): { start: number; end: number } {
  const start = page.indexOf(`\n${PROGRAMS_SECTION}\n`);
  if (start < 0) throw new Error(`the guide has no "${PROGRAMS_SECTION}" section`);
  const next = page.indexOf("\n## ", start + 1);
  return { start, end: next < 0 ? page.length : next };
}

/** The TypeScript blocks outside the programs section: one module, read in order. */
export function narrativeCode(page: string): string {
  const { start, end } = programsRange(page);
  return readCodeBlocks(page.slice(0, start) + page.slice(end))
    .filter((block) => block.language === "ts")
    .map((block) => block.code)
    .join("\n");
}

/**
 * The lines a program announces: `// prints: text` after a statement, or a `// prints:` line
 * followed by one `// text` line per printed line.
 */
export function announcedPrints(code: string): string[] {
  const lines = code.split("\n");
  const prints: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const inline = /\/\/ prints: (.+)$/.exec(lines[index]);
    if (inline) {
      prints.push(inline[1]);
      continue;
    }
    if (lines[index].trim() !== "// prints:") continue;
    while (lines[index + 1]?.startsWith("// ")) prints.push(lines[++index].slice(3));
  }
  return prints;
}

export function readGuidePrograms(page: string): GuideProgram[] {
  const { start, end } = programsRange(page);
  const firstLine = page.slice(0, start).split("\n").length;
  const sections = page.slice(start, end).split(/\n(?=### )/);
  const programs: GuideProgram[] = [];
  let config: Record<string, unknown> | undefined;
  let offset = firstLine;
  for (const section of sections) {
    const heading = section.startsWith("### ") ? section.slice(4, section.indexOf("\n")) : "";
    for (const block of readCodeBlocks(section)) {
      if (block.language === "json") config = JSON.parse(block.code);
      if (block.language !== "ts") continue;
      if (!config) throw new Error(`line ${offset + block.line}: a program before any llm.config.json`);
      programs.push({
        heading,
        code: block.code,
        config,
        prints: announcedPrints(block.code),
        line: offset + block.line - 1,
      });
    }
    offset += section.split("\n").length;
  }
  return programs;
}

/** A program's imports of the package's entries, pointed at this checkout's sources. */
export function withLocalImports(code: string, root: string): string {
  return code
    .replace(/from "llm-runtime"/g, `from ${JSON.stringify(join(root, "src", "index.js"))}`)
    .replace(
      /from "llm-runtime\/server"/g,
      `from ${JSON.stringify(join(root, "src", "server", "index.js"))}`,
    );
}
