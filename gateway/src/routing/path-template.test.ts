import { PathDecodeError, PathTemplate } from './path-template';

describe('PathTemplate', () => {
  it('matches literals exactly and binds single-segment variables, percent-decoded', () => {
    const template = PathTemplate.parse('/jobs/{id}/executions');
    expect(template.match('/jobs/a%20b/executions')).toEqual(new Map([['id', 'a b']]));
    expect(template.match('/jobs/abc/execution')).toBeUndefined();
    expect(template.match('/jobs/abc')).toBeUndefined();
    expect(template.match('/jobs//executions')).toBeUndefined();
    expect(template.match('/jobs/abc/executions/extra')).toBeUndefined();
  });

  it('binds nested field paths and multi-segment variables, keeping an escaped slash escaped', () => {
    const template = PathTemplate.parse('/v1/{book.name=shelves/*/books/*}');
    expect(template.variables).toEqual([{ fieldPath: ['book', 'name'], start: 1, end: 5 }]);
    expect(template.match('/v1/shelves/s%2F1/books/b1')).toEqual(new Map([['book.name', 'shelves/s%2F1/books/b1']]));
    expect(template.match('/v1/shelves/s1/novels/b1')).toBeUndefined();
  });

  it('lets ** take the rest of the path, and matches a custom verb', () => {
    expect(PathTemplate.parse('/files/{path=**}').match('/files/a/b/c')).toEqual(new Map([['path', 'a/b/c']]));
    const verb = PathTemplate.parse('/jobs/{id}:run');
    expect(verb.verb).toBe('run');
    expect(verb.match('/jobs/42:run')).toEqual(new Map([['id', '42']]));
    expect(verb.match('/jobs/42')).toBeUndefined();
  });

  it('writes the OpenAPI form of a template', () => {
    expect(PathTemplate.parse('/v1/{book.name=shelves/*}/x:do').openApiPath).toBe('/v1/{book.name}/x:do');
    expect(PathTemplate.parse('/jobs/{id}').openApiPath).toBe('/jobs/{id}');
  });

  it('refuses templates outside the grammar', () => {
    expect(() => PathTemplate.parse('jobs')).toThrow(/must start with/);
    expect(() => PathTemplate.parse('/a/**/b')).toThrow(/last segment/);
    expect(() => PathTemplate.parse('/a/{id')).toThrow(/bad variable/);
  });

  it('reports a bad percent escape as a decode error', () => {
    expect(() => PathTemplate.parse('/jobs/{id}').match('/jobs/%E0%A4%A')).toThrow(PathDecodeError);
  });
});
