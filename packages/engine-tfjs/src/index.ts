export { isSoftwareAdapter, passesOverAdapter, tfjsBackendPreference } from './adapters';
export type { TfjsBackendName } from './adapters';
export { tfjsEngine } from './engine';
