import { cronSyntaxProblem } from './cron-fields';

describe('cronSyntaxProblem', () => {
  it.each([
    '* * * * *',
    '0 9 * * 1-5',
    '*/15 0-6,22,23 1,15 */2 SUN-SAT',
    '30 0 9 * * *',
    '0 0 L * *',
    '0 0 LW * *',
    '0 0 15W * *',
    '0 0 ? JAN-MAR mon',
    '0 12 1 * +MON',
    '0 0 * * FRI#2',
    '0 0 * * 5L',
    '0 0 * * 7',
    '  0 0 * * *  ',
    '@daily',
    '@HOURLY',
  ])('leaves %j to croner', (expression) => {
    expect(cronSyntaxProblem(expression)).toBeUndefined();
  });

  it('counts fields from minutes with 5 and from seconds with 6', () => {
    expect(cronSyntaxProblem('0 60 * * *')).toBe('hour 60 is out of range 0-23');
    expect(cronSyntaxProblem('0 60 * * * *')).toBe('minute 60 is out of range 0-59');
  });

  it('checks values of ranges, lists and stepped ranges, but not step sizes or nth weekdays', () => {
    expect(cronSyntaxProblem('0 0 * * 1-8')).toBe('day-of-week 8 is out of range 0-7');
    expect(cronSyntaxProblem('0 0 0,5,25 * *')).toBe('day-of-month 0 is out of range 1-31');
    expect(cronSyntaxProblem('0 0-25/2 * * *')).toBe('hour 25 is out of range 0-23');
    expect(cronSyntaxProblem('*/90 * * * *')).toBeUndefined();
    expect(cronSyntaxProblem('0 0 * * MON#9')).toBeUndefined();
  });

  it('names the field holding a character or name it does not allow', () => {
    expect(cronSyntaxProblem('0 L * * *')).toBe('the hour field "L" may not contain "L"');
    expect(cronSyntaxProblem('0 0 * * MONDAY')).toBe('the day-of-week field "MONDAY" has an unknown name "MONDAY"');
    expect(cronSyntaxProblem('0 0 * * MON;rm')).toBe('the day-of-week field "MON;rm" may not contain ";"');
  });

  it('refuses other field counts, lone words and unknown aliases', () => {
    expect(cronSyntaxProblem('0 0 * *')).toMatch(/got 4$/);
    expect(cronSyntaxProblem('0 0 0 1 1 * 2030')).toMatch(/got 7$/);
    expect(cronSyntaxProblem('2030-01-01T00:00:00Z')).toMatch(/got 1$/);
    expect(cronSyntaxProblem('@every5m')).toMatch(/^unknown alias @every5m/);
    expect(cronSyntaxProblem('')).toBe('it is empty');
  });
});
