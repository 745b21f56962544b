import { UsageError } from '../usage-error';
import { updateInput } from './update-command';

describe('updateInput', () => {
  it('sends only the fields given, durations in whole seconds', () => {
    expect(updateInput({ catchUpWindow: '1h', maxRetries: 0 })).toEqual({ catchUpWindowSeconds: 3600, maxRetries: 0 });
    expect(updateInput({ description: '' })).toEqual({ description: '' });
  });

  it('refuses no field at all, and a duration that is not whole seconds, naming the flag', () => {
    expect(() => updateInput({})).toThrow(UsageError);
    expect(() => updateInput({})).toThrow(/^nothing to change: give --name/);
    expect(() => updateInput({ catchUpWindow: '1500ms' })).toThrow('--catch-up-window must be whole seconds');
  });
});
