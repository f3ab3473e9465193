// bench/dockerfilelint-run.js DIR FILE...: dockerfilelint's engine run
// in-process over every file (read + lint, as `shipgate lint` does), from
// the npm package installed in DIR/node_modules.  Prints files, items and
// the files the engine threw on: it throws on some inputs (a HEALTHCHECK
// it cannot parse), and one throw must not end the run early, or the time
// would be that of fewer files.
'use strict';
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const lint = require(path.join(path.resolve(dir), 'node_modules', 'dockerfilelint'));
let files = 0, items = 0, threw = 0;
for (const f of process.argv.slice(3)) {
	const text = fs.readFileSync(f, 'utf8');
	try {
		items += lint.run(path.dirname(f), text).length;
	} catch (e) {
		threw++;
	}
	files++;
}
console.log(files + ' files, ' + items + ' items, ' + threw + ' threw');
