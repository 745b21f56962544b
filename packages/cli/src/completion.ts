import type { Command } from 'commander';

/** What may come next after `words` (the command line so far, without `chrono`): subcommands and options. */
export function completions(program: Command, words: string[]): string[] {
  let command = program;
  for (const word of words) {
    const sub = command.commands.find((candidate) => candidate.name() === word);
    if (sub) command = sub;
  }
  const options = [command, ...ancestors(command)].flatMap((owner) =>
    owner.options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => !!flag)),
  );
  const subcommands = command.commands.filter((sub) => !isHidden(sub)).map((sub) => sub.name());
  return [...subcommands, ...options, '--help'];
}

function ancestors(command: Command): Command[] {
  return command.parent ? [command.parent, ...ancestors(command.parent)] : [];
}

function isHidden(command: Command): boolean {
  return (command as unknown as { _hidden?: boolean })._hidden === true;
}

/** The script `chrono completion bash` prints (zsh runs it through bashcompinit): it asks `chrono __complete`. */
export function completionScript(shell: 'bash' | 'zsh'): string {
  const bash = [
    '_chrono_complete() {',
    '  local current="${COMP_WORDS[COMP_CWORD]}"',
    "  local IFS=$'\\n'",
    '  COMPREPLY=($(compgen -W "$(chrono __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "$current"))',
    '}',
    'complete -o default -F _chrono_complete chrono',
  ];
  const zsh = ['autoload -U +X bashcompinit && bashcompinit', ...bash];
  return `${(shell === 'zsh' ? zsh : bash).join('\n')}\n`;
}
