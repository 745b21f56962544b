import { DeadlineExceededError, NotFoundError } from '@chrono/client';
import { status } from '@grpc/grpc-js';
import { CommanderError } from 'commander';
import { exitFor } from './exit-code';
import { UsageError } from './usage-error';

describe('exitFor', () => {
  it('exits 1 with the server message for a refused call', () => {
    expect(exitFor(new NotFoundError('job not found', status.NOT_FOUND))).toEqual({
      message: 'chrono: job not found',
      code: 1,
    });
  });

  it('says where to look when a service does not answer', () => {
    const { message, code } = exitFor(new DeadlineExceededError('Deadline exceeded', status.DEADLINE_EXCEEDED));
    expect(code).toBe(1);
    expect(message).toMatch(/^chrono: Deadline exceeded\nchrono: is the service running where --auth-url/);
  });

  it('exits 2 for usage mistakes, printing only what commander has not', () => {
    expect(exitFor(new UsageError('--in must be a duration'))).toEqual({
      message: 'chrono: --in must be a duration',
      code: 2,
    });
    expect(exitFor(new CommanderError(1, 'commander.missingMandatoryOptionValue', 'x'))).toEqual({ code: 2 });
  });

  it('exits 0 after --help', () => {
    expect(exitFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({ code: 0 });
  });

  it('exits 1 with the message alone for anything else', () => {
    expect(exitFor(new Error('config.json is not valid JSON'))).toEqual({
      message: 'chrono: config.json is not valid JSON',
      code: 1,
    });
  });
});
