// Loaded with `node --require`: requiring onnxruntime-node fails as on a machine without it (the CLI
// is CommonJS; without-onnxruntime.mjs does the same for ESM imports).
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'onnxruntime-node') throw Object.assign(new Error("Cannot find module 'onnxruntime-node'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};
