const path = require('path');
const { parallel, task, src, dest } = require('gulp');

// tsc compiles only the .ts files: whatever else n8n reads from the package is copied next to
// the compiled files here, keeping the folder layout (nodes/WeCom/x → dist/nodes/WeCom/x).

// Node and credential icons (icon: 'file:wecom.svg' is resolved beside the .node.js / .credentials.js).
function copyNodeIcons() {
	return src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
}

function copyCredentialIcons() {
	return src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
}

// Codex files: n8n's DirectoryLoader reads `${nodeFile}on` (WeCom.node.js → WeCom.node.json) for
// the node panel's categories, search aliases and documentation links.
function copyCodex() {
	return src(path.resolve('nodes', '**', '*.node.json')).pipe(dest(path.resolve('dist', 'nodes')));
}

const copyAssets = parallel(copyNodeIcons, copyCredentialIcons, copyCodex);

task('build:assets', copyAssets);
// The name `npm run build` calls; it copies the codex files too.
task('build:icons', copyAssets);
