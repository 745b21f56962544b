#!/usr/bin/env node
// The `chrono` command; its code is compiled to dist/ by `npm run build` at the root.
'use strict';
require('../dist/main.js');
