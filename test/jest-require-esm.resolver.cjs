// Jest on Node 20 cannot require() an ES module (Node itself can since 20.19;
// Jest only from Node 24.9). A few CommonJS dependencies require ESM-only
// packages at run time (@fastify/static → content-disposition@3,
// light-my-request → cookie@2). This resolver hands such a require() a
// CommonJS copy of the module, transpiled once with TypeScript into
// node_modules/.cache. Imports, and everything outside node_modules, resolve
// as usual. Production runs on Node's own require(esm) and never sees this.
const { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'jest-require-esm');
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
const typeCache = new Map();

function packageType(dir) {
  if (typeCache.has(dir)) return typeCache.get(dir);
  const file = path.join(dir, 'package.json');
  let type;
  if (existsSync(file)) {
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.name || pkg.type) type = pkg.type ?? 'commonjs';
  }
  if (type === undefined) {
    const parent = path.dirname(dir);
    type = parent === dir ? 'commonjs' : packageType(parent);
  }
  typeCache.set(dir, type);
  return type;
}

function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  return packageType(path.dirname(file)) === 'module';
}

function commonJsCopy(file) {
  const out = path.join(CACHE, `${file}.cjs`);
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, allowJs: true },
    });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  return out;
}

module.exports = (request, options) => {
  // A relative require() inside a copy resolves against the original's folder.
  const basedir = options.basedir.startsWith(CACHE) ? options.basedir.slice(CACHE.length) : options.basedir;
  const resolved = options.defaultResolver(request, { ...options, basedir });
  const isRequire = Array.isArray(options.conditions) && options.conditions.includes('require');
  if (!isRequire || !resolved.includes(NODE_MODULES) || !isEsm(resolved)) return resolved;
  return commonJsCopy(resolved);
};
