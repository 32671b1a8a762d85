import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One fenced block of a Markdown page, with the line just above it. */
export interface CodeBlock {
  language: string;
  code: string;
  /** The last non-blank line before the fence. */
  caption: string;
  /** 1-based line of the opening fence, for failure messages. */
  line: number;
}

export function readCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let caption = "";
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\w*)$/.exec(lines[index]);
    if (!fence) {
      if (lines[index].trim() !== "") caption = lines[index];
      continue;
    }
    const end = lines.indexOf("```", index + 1);
    blocks.push({
      language: fence[1],
      code: lines.slice(index + 1, end).join("\n"),
      caption,
      line: index + 1,
    });
    index = end;
    caption = "";
  }
  return blocks;
}

/** A repository file as a user's copy reads: the package's own entries imported by their public names. */
export function asPublished(text: string): string {
  return text
    .replace(/from "(?:\.\.\/)+src\/testing\/index\.js"/g, 'from "llm-runtime/testing"')
    .replace(/from "(?:\.\.\/)+src\/provider-utils\.js"/g, 'from "llm-runtime/provider-utils"')
    .replace(/from "(?:\.\.\/)+src\/index\.js"/g, 'from "llm-runtime"');
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = Math.min(...indents);
  return lines.map((line) => line.slice(common));
}

/**
 * Why a block captioned "File `path`:" (or "File `path` (excerpt):") does not match that file, or
 * undefined when it does. An excerpt is a run of whole lines of the file, indentation removed.
 */
export function mismatchWithFile(root: string, block: CodeBlock): string | undefined {
  const caption = /^File `([^`]+)`( \(excerpt\))?:$/.exec(block.caption);
  if (!caption) return `line ${block.line}: a ${block.language} block needs a caption "File \`path\`:"`;
  const [, path, excerpt] = caption;
  const file = asPublished(readFileSync(join(root, path), "utf8"))
    .trimEnd()
    .split("\n");
  const wanted = dedent(block.code.trimEnd().split("\n"));
  if (!excerpt) {
    return wanted.join("\n") === file.join("\n") ? undefined : `line ${block.line}: differs from ${path}`;
  }
  for (let start = 0; start + wanted.length <= file.length; start++) {
    if (dedent(file.slice(start, start + wanted.length)).join("\n") === wanted.join("\n")) return undefined;
  }
  return `line ${block.line}: the excerpt is not in ${path}`;
}
