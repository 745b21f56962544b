import { exitFor } from './exit-code';
import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .then(
    () => (process.exitCode = 0),
    (error: unknown) => {
      const { message, code } = exitFor(error);
      if (message) process.stderr.write(`${message}\n`);
      process.exitCode = code;
    },
  );
