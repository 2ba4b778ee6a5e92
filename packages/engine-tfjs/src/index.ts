export { isSoftwareAdapter } from './adapters';
export { tfjsEngine } from './engine';
