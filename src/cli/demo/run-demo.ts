import type { ChatMessage } from "../../contract/messages.js";
import { createRuntime } from "../../kernel/create-runtime.js";
import { toAssistantMessage } from "../../kernel/to-assistant-message.js";
import { type CliIo, EXIT } from "../cli-io.js";
import { DEMO_HELP } from "../help-texts.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { CONVERT_UNITS_TOOL, convertUnits } from "./convert-units.js";
import { type DemoTurn, demoStyle, formatTurn, summarizeOutput } from "./format-demo-trace.js";
import { startDemoProviders } from "./start-demo-providers.js";

const QUESTION = "How far is a 26.2-mile marathon in kilometres, and in metres?";
const MAX_TURNS = 6;

const INTRO = `llm-runtime demo: the providers are SIMULATED. Fake OpenAI, Anthropic and Gemini servers run
on 127.0.0.1 and speak each provider's wire protocol; the real SDKs talk to them through the runtime.
No API key and no network are used. OpenAI will rate-limit and then go down in the middle of a
tool-calling loop; watch the runtime retry, fall back, and finish the conversation.`;

/**
 * The offline demo: the application's real use case, a tool-calling loop whose primary provider
 * fails in the middle, run through the real SDKs against the fake servers.
 */
export async function runDemo(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("demo", args, {
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    io.stdout.write(DEMO_HELP);
    return EXIT.ok;
  }
  const style = demoStyle(!values.json && io.stdout.isTTY === true);
  const say = (text: string) => {
    if (!values.json) io.stdout.write(`${text}\n`);
  };
  const providers = await startDemoProviders();
  const runtime = await createRuntime({ config: providers.config, cwd: io.cwd, env: {} });
  const turns: DemoTurn[] = [];
  try {
    say(`${INTRO}\n\n${style.bold("user:")} ${QUESTION}\n`);
    const messages: ChatMessage[] = [{ role: "user", content: QUESTION }];
    for (let turn = 1; turn <= MAX_TURNS; turn++) {
      const output = await runtime.client().generateResponse(messages, [CONVERT_UNITS_TOOL], "auto");
      messages.push(toAssistantMessage(output));
      const toolCalls = (output.toolCalls ?? []).map((call) => {
        const result = convertUnits(call.function.arguments);
        messages.push({ role: "tool", tool_call_id: call.id, content: result });
        return { id: call.id, name: call.function.name, arguments: call.function.arguments, result };
      });
      const record: DemoTurn = { turn, attempts: output.attempts, toolCalls, ...summarizeOutput(output) };
      turns.push(record);
      say(formatTurn(record, style));
      if (toolCalls.length === 0) {
        say(`\n${style.bold(`answer (${output.provider} ${output.model}):`)} ${output.content}`);
        break;
      }
    }
  } finally {
    await runtime.close();
    await providers.close();
  }
  if (values.json)
    io.stdout.write(`${JSON.stringify({ simulated: true, question: QUESTION, turns }, null, 2)}\n`);
  return EXIT.ok;
}
