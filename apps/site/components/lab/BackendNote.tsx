'use client';

import { useEffect, useState } from 'react';
import { planEngines, probeWebGpu } from '../../lib/lab/engines';
import type { WebGpuProbe } from '../../lib/lab/engines';
import type { RunState } from '../../lib/lab/run-state';

const BACKENDS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (wasm)', cpu: 'plain JavaScript (cpu)' };
/** Engines by the name their records store (records from before there were two have none: TensorFlow.js). */
const ENGINES: Record<string, string> = { webgpu: 'engine-webgpu', tfjs: 'TensorFlow.js' };

// 'unknown' until the page's script runs: the prerendered page says nothing it cannot keep
type WebGpu = 'unknown' | 'checking' | 'adapter' | 'software' | 'no-adapter' | 'missing';

/** What the best-available choice does with this browser's WebGPU, in one sentence. */
function webgpuSentence(state: WebGpu, adapter: string | undefined): string {
  switch (state) {
    case 'unknown':
      return '';
    case 'checking':
      return 'Checking this browser for WebGPU…';
    case 'adapter':
      return `This browser has a WebGPU adapter (${adapter}): the best available engine is engine-webgpu, hand-written WGSL kernels on it.`;
    case 'software':
      return `This browser's WebGPU adapter is a software renderer (${adapter}), so the best available engine falls back to WebGL, else WebAssembly (pick engine-webgpu under Engine to use the adapter anyway).`;
    case 'no-adapter':
      return 'This browser has the WebGPU API but no adapter for it (no usable GPU), so the lab falls back to WebGL, else WebAssembly.';
    case 'missing':
      return 'This browser has no WebGPU, so the lab falls back to WebGL, else WebAssembly.';
  }
}

/** The probe's verdict under the best-available choice (the same plan the workers follow). */
function verdict(probe: WebGpuProbe): WebGpu {
  if ('missing' in probe) return probe.api ? 'no-adapter' : 'missing';
  return planEngines('auto', probe).candidates[0] === 'engine-webgpu' ? 'adapter' : 'software';
}

/** Says whether this browser has WebGPU and which engine and backend the runs train on, with the fallbacks taken. */
export function BackendNote({ runs }: { runs: readonly RunState[] }) {
  const [webgpu, setWebgpu] = useState<{ state: WebGpu; adapter?: string }>({ state: 'unknown' });
  useEffect(() => {
    setWebgpu({ state: 'checking' });
    void probeWebGpu().then((probe) => setWebgpu({ state: verdict(probe), ...('adapter' in probe ? { adapter: probe.adapter } : {}) }));
  }, []);
  const chosen = runs.find((run) => run.backend !== undefined);
  const backend = chosen?.backend;
  const warn = webgpu.state === 'missing' || webgpu.state === 'no-adapter' || webgpu.state === 'software';
  return (
    <p className={`lab-backend ${warn ? 'warning' : 'card'}`} data-testid="backend-note" data-webgpu={webgpu.state} aria-live="polite" hidden={webgpu.state === 'unknown'}>
      {webgpuSentence(webgpu.state, webgpu.adapter)}{' '}
      {backend ? (
        <>
          Training with <strong data-testid="engine-name">{ENGINES[backend.engine ?? 'tfjs'] ?? backend.engine}</strong> on{' '}
          <strong data-testid="backend-name">{BACKENDS[backend.name] ?? backend.name}</strong>
          {backend.adapter ? <span data-testid="backend-adapter"> ({backend.adapter})</span> : ''}
          {chosen.notes.length > 0 ? `; not used: ${chosen.notes.join('; ')}.` : '.'}
        </>
      ) : runs.length > 0 ? (
        'Starting the engine…'
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
