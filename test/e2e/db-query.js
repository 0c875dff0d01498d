// Reads an n8n SQLite database for the e2e harness. It runs under the n8n install's own Node,
// because that install's sqlite3 is compiled for that Node's ABI (Node 24 for n8n 2.41.1), not
// for the Node that runs jest.
// Usage: node db-query.js <n8n-install-dir> <database.sqlite>   (stdin: {"sql": "...", "params": []})
// Prints the rows as JSON on stdout.
'use strict';
const path = require('path');

const [installDir, dbPath] = process.argv.slice(2);
const sqlite3 = require(require.resolve('sqlite3', { paths: [path.join(installDir, 'node_modules')] }));

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
	const { sql, params } = JSON.parse(input);
	// Read-only, so a query can never take a write lock that the running n8n is waiting for.
	const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY, (openError) => {
		if (openError) fail(openError);
		// n8n writes in WAL mode; a checkpoint may briefly hold the lock.
		db.configure('busyTimeout', 5000);
		db.all(sql, params ?? [], (queryError, rows) => {
			if (queryError) fail(queryError);
			process.stdout.write(JSON.stringify(rows));
			db.close();
		});
	});
});

function fail(error) {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
}
