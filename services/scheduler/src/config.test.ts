import { loadConfig } from './config';

describe('the scheduler configuration', () => {
  it('hands runs over 20 ms ahead by default, and takes DISPATCH_LEAD', () => {
    expect(loadConfig({}).dispatch.leadMs).toBe(20);
    expect(loadConfig({ DISPATCH_LEAD: '0' }).dispatch.leadMs).toBe(0);
  });

  it('refuses a lead over 1 s or past the look-ahead, naming it', () => {
    expect(() => loadConfig({ DISPATCH_LEAD: '2s', SCHEDULER_LOOKAHEAD: '5s', SCHEDULER_LEASE: '10s' })).toThrow(
      /DISPATCH_LEAD must be at most 1s and at most SCHEDULER_LOOKAHEAD/,
    );
    expect(() => loadConfig({ DISPATCH_LEAD: '600ms', SCHEDULER_LOOKAHEAD: '500ms' })).toThrow(/DISPATCH_LEAD/);
  });
});
