import fc from "fast-check";

type Json = unknown;
type Path = Array<string | number>;

/** One change to a JSON document: at the node `pick` selects (modulo the node count). */
export interface JsonMutation {
  kind: "delete" | "replace" | "reorder" | "duplicate";
  pick: number;
  replacement: Json;
}

/** One change to a stream of event payloads. */
export type StreamMutation =
  | { kind: "truncate" | "drop" | "duplicate"; pick: number }
  | { kind: "swap"; pick: number; other: number }
  | { kind: "mutate"; pick: number; change: JsonMutation };

/** How a mutated stream is delivered: whole, cut before its terminator, or cut after `pick` events. */
export interface StreamDelivery {
  kind: "whole" | "no-terminator" | "cut";
  pick: number;
}

/** How a mutated JSON body is delivered: whole, its text cut short, or the connection cut mid-body. */
export interface BodyDelivery {
  kind: "whole" | "truncated-text" | "cut-connection";
  pick: number;
}

export const jsonMutationArbitrary: fc.Arbitrary<JsonMutation> = fc.record({
  kind: fc.constantFrom("delete", "replace", "reorder", "duplicate"),
  pick: fc.nat(),
  replacement: fc.jsonValue({ maxDepth: 2 }),
});

export const streamMutationArbitrary: fc.Arbitrary<StreamMutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("truncate" as const, "drop" as const, "duplicate" as const),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant("swap" as const), pick: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant("mutate" as const), pick: fc.nat(), change: jsonMutationArbitrary }),
);

export const bodyDeliveryArbitrary: fc.Arbitrary<BodyDelivery> = fc.record({
  kind: fc.constantFrom("whole", "truncated-text", "cut-connection"),
  pick: fc.nat(),
});

export const streamDeliveryArbitrary: fc.Arbitrary<StreamDelivery> = fc.record({
  kind: fc.constantFrom("whole", "no-terminator", "cut"),
  pick: fc.nat(),
});

const isContainer = (value: Json): value is Record<string, Json> | Json[] =>
  typeof value === "object" && value !== null;

/** Every node's path, depth first, the root (`[]`) first. */
function paths(value: Json, prefix: Path = [], found: Path[] = []): Path[] {
  found.push(prefix);
  if (isContainer(value)) {
    for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
      paths((value as Record<string | number, Json>)[key], [...prefix, key], found);
    }
  }
  return found;
}

function nodeAt(value: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], value);
}

function reordered(node: Json, pick: number): Json {
  if (Array.isArray(node)) {
    if (node.length < 2) return node;
    const shift = 1 + (pick % (node.length - 1));
    return [...node.slice(shift), ...node.slice(0, shift)];
  }
  if (isContainer(node)) return Object.fromEntries(Object.entries(node).reverse());
  return node;
}

/** A changed copy of `document` (the original is left alone). */
export function mutateJson(document: Json, mutation: JsonMutation): Json {
  const copy = structuredClone(document);
  const all = paths(copy);
  const path = all[mutation.pick % all.length];
  if (path.length === 0) {
    if (mutation.kind === "reorder") return reordered(copy, mutation.pick);
    return mutation.kind === "replace" ? mutation.replacement : copy;
  }
  const parent = nodeAt(copy, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1];
  if (mutation.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (mutation.kind === "replace") {
    (parent as Record<string | number, Json>)[key] = mutation.replacement;
  } else if (mutation.kind === "reorder") {
    (parent as Record<string | number, Json>)[key] = reordered(
      (parent as Record<string | number, Json>)[key],
      mutation.pick,
    );
  } else if (Array.isArray(parent)) {
    parent.splice(Number(key), 0, structuredClone(parent[Number(key)]));
  }
  return copy;
}

/** A changed copy of a stream's payloads. */
export function mutateStream(payloads: readonly Json[], mutation: StreamMutation): Json[] {
  const copy = payloads.map((payload) => structuredClone(payload));
  if (copy.length === 0) return copy;
  const index = mutation.pick % copy.length;
  switch (mutation.kind) {
    case "truncate":
      return copy.slice(0, index);
    case "drop":
      copy.splice(index, 1);
      return copy;
    case "duplicate":
      copy.splice(index, 0, structuredClone(copy[index]));
      return copy;
    case "swap": {
      const other = mutation.other % copy.length;
      [copy[index], copy[other]] = [copy[other], copy[index]];
      return copy;
    }
    case "mutate":
      copy[index] = mutateJson(copy[index], mutation.change);
      return copy;
  }
}
