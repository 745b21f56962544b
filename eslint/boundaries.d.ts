import type { Linter } from 'eslint';

/** The import boundaries, as flat-config entries (see boundaries.js). */
export declare const boundaries: Linter.Config[];
