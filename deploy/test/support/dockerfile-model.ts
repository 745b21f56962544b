import { DockerfileParser } from 'dockerfile-ast';

/** One instruction: its keyword, flags (`--from=build`) and arguments (JSON form unpacked). */
export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  args: string[];
  /** The arguments as written. */
  text: string;
}

/** A build stage: its name, what it is built FROM, and its instructions in order. */
export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** A parsed Dockerfile: its build arguments' defaults and its stages. */
export interface DockerfileModel {
  args: Record<string, string>;
  stages: Stage[];
}

/** Parses a Dockerfile's text into global ARG defaults and stages (FROM with ${ARG} resolved). */
export function parseDockerfile(text: string): DockerfileModel {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    const raw = instruction.getArgumentsContent() ?? '';
    const flags = Object.fromEntries(
      ('getFlags' in instruction
        ? (instruction as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null }> }).getFlags()
        : []
      ).map((flag) => [flag.getName(), flag.getValue() ?? '']),
    );
    const parsed: Instruction = { keyword, flags, args: splitArguments(raw, flags), text: raw };
    if (keyword === 'FROM') {
      const [image, , name] = parsed.args;
      stages.push({ name: name ?? String(stages.length), from: resolve(image, args), instructions: [] });
    } else if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = parsed.args[0].split(/=(.*)/s);
      args[name] = value;
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(parsed);
    }
  }
  return { args, stages };
}

/** The stage named `name` and the stages it is built FROM, base first. */
export function stageChain(model: DockerfileModel, name: string): Stage[] {
  const stage = model.stages.find((s) => s.name === name);
  if (!stage) return [];
  return [...stageChain(model, stage.from), stage];
}

/** The image a chain of stages starts from (the FROM of its first stage). */
export function baseImage(model: DockerfileModel, name: string): string | undefined {
  return stageChain(model, name)[0]?.from;
}

function resolve(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string, bare: string) => args[braced ?? bare] ?? '');
}

// CMD ["node", "x"] and friends: the JSON array; anything else: words, without the flags.
function splitArguments(raw: string, flags: Record<string, string>): string[] {
  let rest = raw.trim();
  for (const name of Object.keys(flags)) rest = rest.replace(new RegExp(`^--${name}(=\\S*)?\\s*`), '');
  const subcommand = /^(CMD|NONE)\s+/.exec(rest);
  const prefix = subcommand ? [subcommand[1]] : [];
  if (subcommand) rest = rest.slice(subcommand[0].length);
  if (rest.startsWith('[')) {
    try {
      return [...prefix, ...(JSON.parse(rest) as string[])];
    } catch {
      // not JSON after all: fall through to words
    }
  }
  return [...prefix, ...rest.split(/\s+/).filter(Boolean)];
}
