/** Where a JSON text first goes wrong, and why, in words that never quote the text. */
export interface JsonSyntaxError {
  /** 0-based offset of the offending character (the text's length for an early end). */
  offset: number;
  reason: string;
}

type State = "value" | "valueOrClose" | "key" | "keyOrClose" | "colon" | "afterValue";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"];
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** Scans a string starting at its opening quote; returns the offset after it, or an error. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return i + 1;
    if (char < " ")
      return { offset: i, reason: "a line break or control character inside a string (write \\n)" };
    if (char !== "\\") continue;
    const next = text[i + 1];
    if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 5;
    else if (ESCAPES.has(next)) i += 1;
    else return { offset: i, reason: "an invalid escape sequence in a string" };
  }
  return { offset: text.length, reason: "a string that is never closed" };
}

/** Scans a scalar (or opens a container) at `i`; returns the offset after it and the next state. */
function scanValue(text: string, i: number, stack: string[]): [number, State] | JsonSyntaxError {
  const char = text[i];
  if (char === "{" || char === "[") {
    stack.push(char);
    return [i + 1, char === "{" ? "keyOrClose" : "valueOrClose"];
  }
  if (char === '"') {
    const end = scanString(text, i);
    return typeof end === "number" ? [end, "afterValue"] : end;
  }
  const literal = LITERALS.find((word) => text.startsWith(word, i));
  if (literal) return [i + literal.length, "afterValue"];
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return [NUMBER.lastIndex, "afterValue"];
  return {
    offset: i,
    reason: "expected a value (a string in double quotes, number, true, false, null, { or [)",
  };
}

/** After a value: a comma, the container's close, or (at the top) the end. */
function scanAfterValue(text: string, i: number, stack: string[]): [number, State] | JsonSyntaxError {
  const open = stack.at(-1);
  if (open === undefined) return { offset: i, reason: "unexpected text after the end of the config" };
  const close = open === "{" ? "}" : "]";
  if (text[i] === ",") return [i + 1, open === "{" ? "key" : "value"];
  if (text[i] === close) {
    stack.pop();
    return [i + 1, "afterValue"];
  }
  return { offset: i, reason: `expected "," or "${close}"` };
}

function step(text: string, i: number, state: State, stack: string[]): [number, State] | JsonSyntaxError {
  const char = text[i];
  switch (state) {
    case "valueOrClose":
    case "keyOrClose":
      if (char === (state === "valueOrClose" ? "]" : "}")) {
        stack.pop();
        return [i + 1, "afterValue"];
      }
      return step(text, i, state === "valueOrClose" ? "value" : "key", stack);
    case "value":
      return scanValue(text, i, stack);
    case "key": {
      if (char !== '"') return { offset: i, reason: "expected a key in double quotes (no trailing commas)" };
      const end = scanString(text, i);
      return typeof end === "number" ? [end, "colon"] : end;
    }
    case "colon":
      return char === ":" ? [i + 1, "value"] : { offset: i, reason: 'expected ":" after the key' };
    case "afterValue":
      return scanAfterValue(text, i, stack);
  }
}

/**
 * Finds the first syntax error of a JSON text that JSON.parse rejected. JSON.parse's own message
 * quotes the text around the error (which may hold an API key), so it is never shown.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError {
  const stack: string[] = [];
  let state: State = "value";
  let i = 0;
  for (;;) {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
    if (i >= text.length) {
      if (state === "afterValue" && stack.length === 0) break;
      return { offset: text.length, reason: "the text ends early (an unclosed {, [ or string?)" };
    }
    const result = step(text, i, state, stack);
    if (!Array.isArray(result)) return result;
    [i, state] = result;
  }
  return { offset: text.length, reason: "not valid JSON" };
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
