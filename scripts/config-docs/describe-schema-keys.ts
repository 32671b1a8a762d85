/** One documented key of a JSON Schema: its dotted path, type, default and description. */
export interface SchemaKeyRow {
  /** Dotted path: `clients.<name>.fallbacks[].model`; `<name>` stands for any map key, `[]` for any item. */
  key: string;
  type: string;
  /** The default as JSON, when the schema gives one. */
  defaultValue?: string;
  description: string;
}

type SchemaNode = Record<string, unknown>;

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A node with a local `$ref` (`#/definitions/x`) resolved; the node's own keys win over the target's. */
function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
  let target: unknown = root;
  for (const segment of ref.slice(2).split("/")) target = isNode(target) ? target[segment] : undefined;
  const { $ref: _ref, ...own } = node;
  return isNode(target) ? { ...resolve(target, root), ...own } : own;
}

function describeRange(node: SchemaNode): string {
  const { minimum, maximum } = node;
  if (typeof minimum === "number" && typeof maximum === "number") return `, ${minimum} to ${maximum}`;
  if (typeof minimum === "number") return `, at least ${minimum}`;
  if (typeof maximum === "number") return `, at most ${maximum}`;
  return "";
}

/** A short, human type: `integer, 1 to 10`, `one of "a", "b"`, `array of string`, `object of string`. */
export function describeType(node: SchemaNode, root: SchemaNode): string {
  if ("const" in node) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return `one of ${node.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  const types = Array.isArray(node.type) ? node.type : typeof node.type === "string" ? [node.type] : [];
  if (types.length === 0) return "any";
  if (types.length === 1 && types[0] === "array" && isNode(node.items)) {
    return `array of ${describeType(resolve(node.items, root), root)}`;
  }
  const map = node.additionalProperties;
  if (types.length === 1 && types[0] === "object" && isNode(map) && !isNode(node.properties)) {
    const values = resolve(map, root);
    if (!isNode(values.properties)) return `object of ${describeType(values, root)}`;
  }
  return `${types.join(" or ")}${describeRange(node)}`;
}

function row(key: string, node: SchemaNode, root: SchemaNode, required: boolean): SchemaKeyRow {
  const type = describeType(node, root) + (required ? ", required" : "");
  const description = typeof node.description === "string" ? node.description : "";
  return "default" in node
    ? { key, type, defaultValue: JSON.stringify(node.default), description }
    : { key, type, description };
}

/** The keys inside one node: its properties, its map values and its array items, depth first. */
function collectInside(node: SchemaNode, path: string, root: SchemaNode, rows: SchemaKeyRow[]): void {
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  for (const [name, child] of Object.entries(isNode(node.properties) ? node.properties : {})) {
    if (!isNode(child)) continue;
    const key = path ? `${path}.${name}` : name;
    const resolved = resolve(child, root);
    rows.push(row(key, resolved, root, required.has(name)));
    collectInside(resolved, key, root, rows);
  }
  for (const [suffix, child] of [
    [".<name>", node.additionalProperties],
    ["[]", node.items],
  ] as const) {
    if (!isNode(child)) continue;
    const resolved = resolve(child, root);
    if (!isNode(resolved.properties)) continue;
    rows.push(row(`${path}${suffix}`, resolved, root, false));
    collectInside(resolved, `${path}${suffix}`, root, rows);
  }
}

/** Every key a schema declares, at any depth, in schema order. */
export function describeSchemaKeys(schema: SchemaNode): SchemaKeyRow[] {
  const rows: SchemaKeyRow[] = [];
  collectInside(schema, "", schema, rows);
  return rows;
}
