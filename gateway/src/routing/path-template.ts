/** One segment of a path template: a literal, `*` (exactly one segment) or `**` (any number). */
export type Segment = { kind: 'literal'; value: string } | { kind: 'any' } | { kind: 'rest' };

/** A `{field.path=segments}` variable: the field it binds and which segments it covers. */
export interface Variable {
  fieldPath: string[];
  /** Index of its first segment. */
  start: number;
  /** Index after its last segment. */
  end: number;
}

/** Thrown for a request path that cannot be decoded (a bad percent escape). */
export class PathDecodeError extends Error {}

/**
 * A google.api.http path template (`/v1/{name=shelves/*}/books/{id}:verb`, the grammar of
 * google/api/http.proto), parsed once and matched against request paths.
 */
export class PathTemplate {
  private constructor(
    readonly template: string,
    readonly segments: Segment[],
    readonly variables: Variable[],
    readonly verb: string | undefined,
  ) {}

  /** Parses a template; throws on anything outside the grammar. */
  static parse(template: string): PathTemplate {
    if (!template.startsWith('/')) throw new Error(`path template "${template}" must start with "/"`);
    let body = template.slice(1);
    let verb: string | undefined;
    const lastColon = body.lastIndexOf(':');
    if (lastColon >= 0 && lastColon > body.lastIndexOf('}') && lastColon > body.lastIndexOf('/')) {
      verb = body.slice(lastColon + 1);
      body = body.slice(0, lastColon);
    }
    const segments: Segment[] = [];
    const variables: Variable[] = [];
    for (const part of splitOutsideBraces(body)) {
      const variable = /^\{([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)(?:=(.+))?\}$/.exec(part);
      if (variable) {
        const start = segments.length;
        for (const inner of (variable[2] ?? '*').split('/')) segments.push(segmentOf(inner, template));
        variables.push({ fieldPath: variable[1].split('.'), start, end: segments.length });
      } else if (part.includes('{') || part.includes('}')) {
        throw new Error(`bad variable "${part}" in path template "${template}"`);
      } else {
        segments.push(segmentOf(part, template));
      }
    }
    const rest = segments.findIndex((segment) => segment.kind === 'rest');
    if (rest >= 0 && rest !== segments.length - 1) throw new Error(`"**" must be the last segment of "${template}"`);
    return new PathTemplate(template, segments, variables, verb);
  }

  /** The template as OpenAPI writes it: each variable as `{field.path}`. */
  get openApiPath(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.segments.length; i++) {
      const variable = this.variables.find((v) => v.start === i);
      if (variable) {
        parts.push(`{${variable.fieldPath.join('.')}}`);
        i = variable.end - 1;
      } else {
        const segment = this.segments[i];
        parts.push(segment.kind === 'literal' ? segment.value : segment.kind === 'any' ? '*' : '**');
      }
    }
    return `/${parts.join('/')}${this.verb ? `:${this.verb}` : ''}`;
  }

  /**
   * Matches a request path (without its query string). Resolves to the decoded value of each
   * variable keyed by its dotted field path, or undefined when the path does not match.
   */
  match(path: string): Map<string, string> | undefined {
    if (!path.startsWith('/')) return undefined;
    const parts = path.slice(1).split('/');
    if (this.verb !== undefined) {
      const last = parts[parts.length - 1];
      if (!last.endsWith(`:${this.verb}`)) return undefined;
      parts[parts.length - 1] = last.slice(0, -this.verb.length - 1);
    }
    const spans = this.spanSegments(parts);
    if (!spans) return undefined;
    const values = new Map<string, string>();
    for (const variable of this.variables) {
      const [from] = spans[variable.start];
      const [, to] = spans[variable.end - 1];
      const covered = parts.slice(from, to);
      // Like Envoy's default url_unescape_spec: one segment is fully decoded; several keep "%2F".
      const value =
        covered.length === 1 ? decode(covered[0]) : covered.map((part) => decode(part).replace(/\//g, '%2F')).join('/');
      values.set(variable.fieldPath.join('.'), value);
    }
    return values;
  }

  /** For each template segment, the [from, to) range of request parts it covers; undefined on mismatch. */
  private spanSegments(parts: string[]): Array<[number, number]> | undefined {
    const hasRest = this.segments[this.segments.length - 1]?.kind === 'rest';
    const fixed = hasRest ? this.segments.length - 1 : this.segments.length;
    if (hasRest ? parts.length < fixed : parts.length !== fixed) return undefined;
    const spans: Array<[number, number]> = [];
    for (let i = 0; i < fixed; i++) {
      const segment = this.segments[i];
      const part = parts[i];
      if (part === '') return undefined;
      if (segment.kind === 'literal' && segment.value !== part) return undefined;
      spans.push([i, i + 1]);
    }
    if (hasRest) spans.push([fixed, parts.length]);
    return spans;
  }
}

function segmentOf(text: string, template: string): Segment {
  if (text === '*') return { kind: 'any' };
  if (text === '**') return { kind: 'rest' };
  if (text === '' || /[{}*]/.test(text)) throw new Error(`bad segment "${text}" in path template "${template}"`);
  return { kind: 'literal', value: text };
}

// "/a/{b=c/*}/d" splits into ["a", "{b=c/*}", "d"]: slashes inside a variable belong to it.
function splitOutsideBraces(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of body) {
    if (char === '{') depth++;
    if (char === '}') depth--;
    if (char === '/' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new PathDecodeError(`the path segment "${part}" is not valid percent-encoding`);
  }
}
