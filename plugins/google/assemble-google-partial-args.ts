/**
 * Vertex AI streams a function call's arguments as `partialArgs` fragments when the request sets
 * `functionCallingConfig.streamFunctionCallArguments`: each names one leaf by `jsonPath`
 * (`$.location`, `$.operations[0].price`) and carries a `stringValue`, `numberValue`, `boolValue`
 * or `nullValue`; a string continues in the next fragment for the same path while `willContinue`
 * is true. This rebuilds the arguments object from them.
 */
export interface GooglePartialArg {
  jsonPath?: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: unknown;
  willContinue?: boolean;
  [field: string]: unknown;
}

type Segment = string | number;
type Container = Record<string, unknown> | unknown[];

const SEGMENT = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** `$.a[0]['b c']` to `["a", 0, "b c"]`; undefined for a path this reader does not know. */
export function parseGoogleJsonPath(path: string): Segment[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const segments: Segment[] = [];
  let rest = path.slice(1);
  while (rest !== "") {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    segments.push(match[2] === undefined ? (match[1] ?? match[3] ?? match[4]) : Number(match[2]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** Rebuilds one call's arguments; total: a fragment it cannot place is kept under its raw path. */
export class GooglePartialArgsAssembler {
  // Null-prototype objects: a `__proto__` key from the model is plain data, never a prototype.
  private readonly root: Record<string, unknown> = Object.create(null);
  /** The path whose string value the next fragment continues, if any. */
  private continuing: string | undefined;

  add(partial: GooglePartialArg): void {
    const path = typeof partial.jsonPath === "string" ? partial.jsonPath : "$";
    const value = readValue(partial);
    if (value === undefined) return;
    const segments = parseGoogleJsonPath(path) ?? [path];
    if (segments.length === 0) return;
    const parent = this.containerOf(segments);
    const leaf = segments[segments.length - 1];
    const key = slot(parent, leaf);
    const previous = (parent as Record<string | number, unknown>)[key];
    const appended =
      this.continuing === path && typeof previous === "string" && typeof value === "string"
        ? previous + value
        : value;
    (parent as Record<string | number, unknown>)[key] = appended;
    this.continuing = partial.willContinue === true && typeof value === "string" ? path : undefined;
  }

  get args(): Record<string, unknown> {
    return this.root;
  }

  /** The container holding the path's leaf, created (or replaced, on a type clash) on the way. */
  private containerOf(segments: Segment[]): Container {
    let container: Container = this.root;
    for (let index = 0; index < segments.length - 1; index += 1) {
      const key = slot(container, segments[index]);
      const wantsArray = typeof segments[index + 1] === "number";
      const existing: unknown = (container as Record<string | number, unknown>)[key];
      const fits: boolean = wantsArray ? Array.isArray(existing) : isPlainContainer(existing);
      const next: Container = fits ? (existing as Container) : wantsArray ? [] : Object.create(null);
      (container as Record<string | number, unknown>)[key] = next;
      container = next;
    }
    return container;
  }
}

/** An array index never jumps past the end (no holes, no huge sparse arrays); a name on an array appends. */
function slot(container: Container, segment: Segment): string | number {
  if (!Array.isArray(container)) return String(segment);
  return typeof segment === "number" ? Math.min(segment, container.length) : container.length;
}

function isPlainContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readValue(partial: GooglePartialArg): unknown {
  if (typeof partial.stringValue === "string") return partial.stringValue;
  if (typeof partial.numberValue === "number") return partial.numberValue;
  if (typeof partial.boolValue === "boolean") return partial.boolValue;
  if ("nullValue" in partial) return null;
  return undefined;
}
