// Asset step of the build: tsc compiles the TypeScript, this copies what tsc does not emit
// (node/credential icons and the codex *.node.json files) into dist/, keeping their paths.
const { src, dest, parallel } = require('gulp');
const fs = require('node:fs');

const ASSETS = ['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'nodes/**/*.node.json'];

function buildAssets() {
	return src(ASSETS, { base: '.', encoding: false, allowEmpty: true }).pipe(dest('dist'));
}

function clean(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	fs.rmSync('tsconfig.tsbuildinfo', { force: true });
	done();
}

exports['build:assets'] = parallel(buildAssets);
exports.clean = clean;
