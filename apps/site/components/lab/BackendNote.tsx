'use client';

import { useEffect, useState } from 'react';
import type { RunState } from '../../lib/lab/run-state';

const NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (wasm)', cpu: 'plain JavaScript (cpu)' };

// 'unknown' until the page's script runs: the prerendered page says nothing it cannot keep
type WebGpu = 'unknown' | 'checking' | 'adapter' | 'no-adapter' | 'missing';
const WEBGPU: Record<WebGpu, string> = {
  unknown: '',
  checking: 'Checking this browser for WebGPU…',
  adapter: 'This browser has WebGPU.',
  'no-adapter': 'This browser has the WebGPU API but no adapter for it (no usable GPU), so the lab falls back to WebGL, else WebAssembly.',
  missing: 'This browser has no WebGPU, so the lab falls back to WebGL, else WebAssembly.',
};

/** Whether this page can use WebGPU: the API, and an adapter behind it. */
async function probeWebGpu(): Promise<WebGpu> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (gpu === undefined) return 'missing';
  return (await gpu.requestAdapter().catch(() => null)) ? 'adapter' : 'no-adapter';
}

/** Says whether this browser has WebGPU and which backend the runs train on, with the fallbacks taken. */
export function BackendNote({ runs }: { runs: readonly RunState[] }) {
  const [webgpu, setWebgpu] = useState<WebGpu>('unknown');
  useEffect(() => {
    setWebgpu('checking');
    void probeWebGpu().then(setWebgpu);
  }, []);
  const chosen = runs.find((run) => run.backend !== undefined);
  const backend = chosen?.backend;
  return (
    <p className={`lab-backend ${webgpu === 'missing' || webgpu === 'no-adapter' ? 'warning' : 'card'}`} data-testid="backend-note" data-webgpu={webgpu} aria-live="polite" hidden={webgpu === 'unknown'}>
      {WEBGPU[webgpu]}{' '}
      {backend ? (
        <>
          Training on <strong data-testid="backend-name">{NAMES[backend.name] ?? backend.name}</strong>
          {backend.adapter ? <span data-testid="backend-adapter"> ({backend.adapter})</span> : ''}
          {chosen.notes.length > 0 ? `; not used: ${chosen.notes.join('; ')}.` : '.'}
        </>
      ) : runs.length > 0 ? (
        'Starting TensorFlow.js…'
      ) : null}
      {chosen?.trainCount !== undefined ? (
        <span data-testid="data-note">
          {' '}
          Data: {chosen.trainCount.toLocaleString('en')} training and {chosen.testCount?.toLocaleString('en')} test images.
        </span>
      ) : null}
    </p>
  );
}
