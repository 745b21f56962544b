import { Argument, type Command } from 'commander';
import { completions, completionScript } from '../completion';

/** `chrono completion bash|zsh`, and the hidden `__complete` its script calls. */
export function addCompletionCommands(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(chrono completion bash)')
    .addArgument(new Argument('[shell]', 'bash or zsh').choices(['bash', 'zsh']).default('bash'))
    .action((shell: 'bash' | 'zsh') => {
      process.stdout.write(completionScript(shell));
    });

  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((words: string[]) => {
      process.stdout.write(`${completions(program, words).join('\n')}\n`);
    });
}
