import {
  MAX_ERROR_MESSAGE_CHARACTERS,
  RESULT_PREVIEW_CHARACTERS,
  storedErrorMessage,
  storedResult,
} from './stored-result';

describe('stored results', () => {
  it('keeps a result whose JSON fits, and nothing for no result', () => {
    const result = { rows: [1, 2, 3], note: 'é' };
    expect(storedResult(result, Buffer.byteLength(JSON.stringify(result)))).toBe(result);
    expect(storedResult('text', 1024)).toBe('text');
    expect(storedResult(undefined, 1024)).toBeUndefined();
  });

  it('replaces a larger one with a marker: cut, its size in bytes, and how its JSON began', () => {
    const result = { blob: 'é'.repeat(1000) };
    const json = JSON.stringify(result);
    expect(storedResult(result, 1024)).toEqual({
      truncated: true,
      bytes: Buffer.byteLength(json),
      preview: json.slice(0, RESULT_PREVIEW_CHARACTERS),
    });
    // Bytes, not characters: é takes two.
    expect([json.length, Buffer.byteLength(json)]).toEqual([1011, 2011]);
  });

  it('cuts a long error message and says from how long', () => {
    expect(storedErrorMessage('boom')).toBe('boom');
    expect(storedErrorMessage(undefined)).toBeUndefined();
    const cut = storedErrorMessage('x'.repeat(MAX_ERROR_MESSAGE_CHARACTERS + 5)) as string;
    expect(cut).toBe(
      `${'x'.repeat(MAX_ERROR_MESSAGE_CHARACTERS)}… (cut from ${MAX_ERROR_MESSAGE_CHARACTERS + 5} characters)`,
    );
  });
});
