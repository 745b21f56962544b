import { readFileSync } from 'node:fs';

/**
 * Reads a .dockerignore and returns a predicate telling whether a path (relative to the build context)
 * is left out of the context. Supports the forms the file uses: comments, `**` and `*` globs, and
 * a pattern that matches a folder leaving out everything below it; `!` exceptions re-include.
 */
export function dockerignoreMatcher(file: string): (relativePath: string) => boolean {
  const rules = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => ({
      include: line.startsWith('!'),
      pattern: toRegExp(line.replace(/^!/, '').replace(/^\/+|\/+$/g, '')),
    }));
  return (relativePath) => {
    const parts = relativePath.replace(/^\.\/|\/+$/g, '').split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const { include, pattern } of rules) {
      if (candidates.some((candidate) => pattern.test(candidate))) ignored = !include;
    }
    return ignored;
  };
}

function toRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
