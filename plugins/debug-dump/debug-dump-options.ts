/** Options of the debug-dump plugin. */
export interface DebugDumpOptions {
  /**
   * Folder the dump files go to, relative to the config file's folder (or absolute); created
   * (mode 0700) when missing. Default: none, so dumps go to the logger only.
   */
  directory?: string;
  /** Dump files kept in `directory`; the oldest are deleted beyond it. Default 50. */
  maxFiles: number;
  /** Largest dump, in bytes (UTF-8), in a file or a log line; a larger one is shortened. Default 1048576. */
  maxBytes: number;
  /** Whether message contents and tool-call arguments are dumped. Default false. */
  dumpPrompts: boolean;
  /** Dot paths into the dump (`*` matches any key or index) whose values are replaced. Default none. */
  redactPaths: string[];
}

/** JSON Schema of the options (also written to schemas/debug-dump.options.schema.json). */
export const DEBUG_DUMP_OPTIONS_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "debug-dump plugin options",
  description:
    "When a request finally fails, writes the whole request (messages, tools, the client's chain, every attempt and decision, the error) as one JSON document to the logger at error level and, when directory is set, to a file there. API keys, auth headers and redactPaths are removed; message contents only with dumpPrompts. It never changes a result.",
  type: "object",
  additionalProperties: false,
  properties: {
    directory: {
      type: "string",
      minLength: 1,
      maxLength: 4096,
      description:
        "Folder for dump files, relative to the config file's folder (or absolute). Created with mode 0700 when missing; each file is created with mode 0600 and named llm-dump-<time>-<request id>.json. Without it, dumps go to the logger only.",
    },
    maxFiles: {
      type: "integer",
      minimum: 1,
      maximum: 100000,
      default: 50,
      description:
        "Dump files kept in directory; after each write the oldest beyond this count are deleted (only files this plugin names).",
    },
    maxBytes: {
      type: "integer",
      minimum: 4096,
      maximum: 1073741824,
      default: 1048576,
      description:
        "Largest dump in bytes (UTF-8), in a file or in the log line. A larger dump first loses its messages and tool definitions, then everything but the error and the attempts, and says so in its truncated field.",
    },
    dumpPrompts: {
      type: "boolean",
      default: false,
      description:
        "Dump message contents, tool-call arguments and provider extension data. By default they are replaced by their length, so a dump holds no prompt text.",
    },
    redactPaths: {
      type: "array",
      maxItems: 100,
      default: [],
      description:
        'Paths into the dump document whose values are replaced by "[REDACTED]": keys separated by dots, "*" for any key or array index. Example: "request.params.user", "chain.*.params.metadata".',
      items: {
        type: "string",
        maxLength: 200,
        pattern: "^(\\*|[A-Za-z0-9_$-]+)(\\.(\\*|[A-Za-z0-9_$-]+))*$",
      },
    },
  },
} as const;
