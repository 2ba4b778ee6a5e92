'use client';

import { useEffect, useState } from 'react';
import { backendWords, enginesInOrder, planEngines, probeWebGpu } from '../../lib/lab/engines';
import type { EnginePlan, WebGpuProbe } from '../../lib/lab/engines';
import type { RunState } from '../../lib/lab/run-state';

// 'unknown' until the page's script runs: the prerendered page says nothing it cannot keep
type WebGpu = 'unknown' | 'checking' | 'adapter' | 'software' | 'no-adapter' | 'missing';

/** What the page knows of this browser's WebGPU: the verdict, the adapter, and the best-available plan the workers follow. */
interface WebGpuNote {
  state: WebGpu;
  adapter?: string;
  plan?: EnginePlan;
}

/** What the best-available choice does with this browser's WebGPU, in one sentence; the fallbacks in the plan's order. */
function webgpuSentence({ state, adapter, plan }: WebGpuNote): string {
  const fallbacks = enginesInOrder(plan?.candidates ?? []);
  switch (state) {
    case 'unknown':
      return '';
    case 'checking':
      return 'Checking this browser for WebGPU…';
    case 'adapter':
      return `This browser has a WebGPU adapter (${adapter}): the best available engine is engine-webgpu, hand-written WGSL kernels on it.`;
    case 'software':
      return `This browser's WebGPU adapter is a software renderer (${adapter}), so the best available engine falls back to ${fallbacks} (pick engine-webgpu under Engine to use the adapter anyway).`;
    case 'no-adapter':
      return `This browser has the WebGPU API but no adapter for it (no usable GPU), so the lab falls back to ${fallbacks}.`;
    case 'missing':
      return `This browser has no WebGPU, so the lab falls back to ${fallbacks}.`;
  }
}

/** The probe's verdict under the best-available plan. */
function verdict(probe: WebGpuProbe, plan: EnginePlan): WebGpu {
  if ('missing' in probe) return probe.api ? 'no-adapter' : 'missing';
  return plan.candidates[0] === 'webgpu' ? 'adapter' : 'software';
}

/** Says whether this browser has WebGPU and which engine and backend the runs train on, with the fallbacks taken. */
export function BackendNote({ runs }: { runs: readonly RunState[] }) {
  const [webgpu, setWebgpu] = useState<WebGpuNote>({ state: 'unknown' });
  useEffect(() => {
    setWebgpu({ state: 'checking' });
    void probeWebGpu().then((probe) => {
      const plan = planEngines('auto', probe);
      setWebgpu({ state: verdict(probe, plan), plan, ...('adapter' in probe ? { adapter: probe.adapter } : {}) });
    });
  }, []);
  const chosen = runs.find((run) => run.backend !== undefined);
  const backend = chosen?.backend;
  const words = backend === undefined ? undefined : backendWords(backend);
  const warn = webgpu.state === 'missing' || webgpu.state === 'no-adapter' || webgpu.state === 'software';
  return (
    <p className={`lab-backend ${warn ? 'warning' : 'card'}`} data-testid="backend-note" data-webgpu={webgpu.state} aria-live="polite" hidden={webgpu.state === 'unknown'}>
      {webgpuSentence(webgpu)}{' '}
      {backend && words ? (
        <>
          Training with <strong data-testid="engine-name">{words.engine}</strong> on{' '}
          <strong data-testid="backend-name">{words.backend}</strong>
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
