/**
 * Lays a request's `providerParams.<type>` over the body fields a provider plugin built from the
 * shared params, field by field, as they are: the caller's provider-specific values win. A field
 * the plugin builds itself (`builtFields`: the messages, the tools, the stream flag...) is never
 * overwritten; its name comes back as `providerParams.<type>.<name>` for the attempt's
 * `droppedParams`. Undefined values are skipped.
 */
export function applyProviderParams(
  fields: Record<string, unknown>,
  providerParams: Readonly<Record<string, unknown>>,
  builtFields: ReadonlySet<string>,
  providerType: string,
): string[] {
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(providerParams)) {
    if (builtFields.has(name)) dropped.push(`providerParams.${providerType}.${name}`);
    else if (value !== undefined) fields[name] = value;
  }
  return dropped;
}
