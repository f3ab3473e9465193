// bench/dockerfilelint-run.js DIR FILE...: dockerfilelint's engine run
// in-process over every file (read + lint, as `shipgate lint` does), from
// the npm package installed in DIR/node_modules.  Prints files and items.
'use strict';
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const lint = require(path.join(path.resolve(dir), 'node_modules', 'dockerfilelint'));
let files = 0, items = 0;
for (const f of process.argv.slice(3)) {
	const text = fs.readFileSync(f, 'utf8');
	items += lint.run(path.dirname(f), text).length;
	files++;
}
console.log(files + ' files, ' + items + ' items');
