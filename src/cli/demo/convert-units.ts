import type { ToolDefinition } from "../../contract/tools.js";

/** Metres per unit: the demo's tool really converts, so the answer depends on what it returns. */
const METRES_PER_UNIT: Record<string, number> = {
  m: 1,
  km: 1000,
  mi: 1609.344,
  ft: 0.3048,
  yd: 0.9144,
};

export const CONVERT_UNITS_TOOL: ToolDefinition = {
  type: "function",
  function: {
    name: "convert_units",
    description: "Convert a length between units (m, km, mi, ft, yd).",
    parameters: {
      type: "object",
      properties: {
        value: { type: "number", description: "The length to convert" },
        from: { type: "string", enum: Object.keys(METRES_PER_UNIT) },
        to: { type: "string", enum: Object.keys(METRES_PER_UNIT) },
      },
      required: ["value", "from", "to"],
      additionalProperties: false,
    },
  },
};

/** Runs the tool on a call's JSON arguments; a bad call is answered as a tool error, not thrown. */
export function convertUnits(argumentsJson: string): string {
  try {
    const { value, from, to } = JSON.parse(argumentsJson) as { value: number; from: string; to: string };
    const fromFactor = METRES_PER_UNIT[from];
    const toFactor = METRES_PER_UNIT[to];
    if (typeof value !== "number" || fromFactor === undefined || toFactor === undefined) {
      return `error: cannot convert ${JSON.stringify({ value, from, to })}`;
    }
    const result = Math.round(((value * fromFactor) / toFactor) * 1000) / 1000;
    return `${result} ${to}`;
  } catch {
    return "error: the arguments are not valid JSON";
  }
}
