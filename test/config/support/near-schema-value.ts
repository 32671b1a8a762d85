import fc from "fast-check";

type Schema = Record<string, unknown>;

const WILD = fc.jsonValue({ maxDepth: 2 });
/** Values that break the usual limits: empty, negative, fractional, wrongly typed. */
const EDGY = fc.oneof(
  fc.constantFrom("", "x", "constructor", -1, 0, 1.5, 2 ** 31, true, null, [], {}),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -3, max: 30 }),
);
/** Keys beside the declared ones: reserved names, pointer characters, typos. */
const EXTRA_KEY = fc.oneof(
  fc.constantFrom("extra", "constructor", "prototype", "a/b", "x~y", "Type", "model "),
  fc.string({ maxLength: 5 }),
);

function resolveRef(root: Schema, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`near-schema-value: only local $refs, not ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>(
      (node, token) => (node as Schema)[token.replaceAll("~1", "/").replaceAll("~0", "~")],
      root,
    );
}

function objectNear(schema: Schema, root: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const declared = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, sub]) => [key, nearSchemaValue(sub, root, depth + 1)]),
    ),
    // Required keys are always there (their values may still be wrong): a value missing one is
    // never valid, and a schema with several would otherwise almost never be tried valid.
    { requiredKeys: ((schema.required ?? []) as string[]).filter((key) => key in properties) },
  );
  const extraValue =
    typeof schema.additionalProperties === "object"
      ? nearSchemaValue(schema.additionalProperties, root, depth + 1)
      : EDGY;
  const extra = fc.dictionary(EXTRA_KEY, extraValue, { maxKeys: 2 });
  return fc.tuple(declared, extra).map(([known, more]) => ({ ...more, ...known }));
}

/**
 * Values shaped by a JSON Schema, mostly close to valid with a few wrong leaves, unknown keys or
 * reserved names, so that validators are compared on deep paths and not only on the top-level type.
 */
export function nearSchemaValue(schema: unknown, root = schema as Schema, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema !== "object" || schema === null || depth > 6) return WILD;
  const node = schema as Schema;
  if (typeof node.$ref === "string") return nearSchemaValue(resolveRef(root, node.$ref), root, depth + 1);
  const shaped: fc.Arbitrary<unknown>[] = [];
  if (Array.isArray(node.enum)) shaped.push(fc.constantFrom(...node.enum));
  if ("const" in node) shaped.push(fc.constant(node.const));
  for (const keyword of ["anyOf", "oneOf", "allOf"]) {
    const subs = node[keyword];
    if (Array.isArray(subs))
      shaped.push(fc.oneof(...subs.map((sub) => nearSchemaValue(sub, root, depth + 1))));
  }
  const types = ([] as unknown[]).concat(node.type ?? []);
  if (node.properties || node.additionalProperties || types.includes("object")) {
    shaped.push(objectNear(node, root, depth));
  }
  if (node.items || types.includes("array")) {
    shaped.push(fc.array(nearSchemaValue(node.items, root, depth + 1), { maxLength: 3 }));
  }
  if (types.includes("string")) shaped.push(fc.string({ maxLength: 8 }));
  // A required key with a pattern (an endpoint URL, a dated version) is otherwise never valid.
  if (types.includes("string") && typeof node.pattern === "string") {
    shaped.push(fc.stringMatching(new RegExp(node.pattern)));
  }
  if (types.includes("boolean")) shaped.push(fc.boolean());
  if (types.includes("integer") || types.includes("number"))
    shaped.push(fc.integer({ min: -5, max: 700_000 }));
  return fc.oneof({ arbitrary: EDGY, weight: 1 }, ...shaped.map((arbitrary) => ({ arbitrary, weight: 4 })));
}
