'use client';

import { hiddenActivations, initializers, inputScalings, outputActivations } from '@negmnist/results';
import { useId } from 'react';
import type { BackendChoice, LabSettings, Polarity } from '../../lib/lab/settings';

/** Props of {@link LabControls}. */
export interface LabControlsProps {
  settings: LabSettings;
  onChange: (settings: LabSettings) => void;
  /** Settings are fixed while runs exist (Reset frees them). */
  locked: boolean;
}

const IMAGES: readonly { value: string; label: string; polarities: readonly Polarity[] }[] = [
  { value: 'both', label: 'both, side by side', polarities: ['positive', 'negative'] },
  { value: 'positive', label: 'positive only', polarities: ['positive'] },
  { value: 'negative', label: 'negative only', polarities: ['negative'] },
];
const INPUT_LABELS: Record<(typeof inputScalings)[number], string> = {
  unit: 'pixel / 255 (seed)',
  centred: 'centred: x − mean',
  standardised: 'standardised',
};
const BACKENDS: readonly { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'best available' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WebAssembly' },
];

/** The lab's settings form: network, optimiser, data and backend. */
export function LabControls({ settings, onChange, locked }: LabControlsProps) {
  const id = useId();
  const set = <K extends keyof LabSettings>(key: K, value: LabSettings[K]) => onChange({ ...settings, [key]: value });
  const images = IMAGES.find((option) => option.polarities.join() === settings.polarities.join())?.value ?? 'both';
  // Only valid values reach the settings; an invalid entry leaves the last valid one in force.
  const number = (key: 'lr' | 'seed' | 'epochs' | 'evalEvery', raw: string, integer: boolean) => {
    const value = Number(raw);
    const least = key === 'seed' ? 0 : integer ? 1 : Number.MIN_VALUE;
    if (raw !== '' && Number.isFinite(value) && value >= least && (!integer || Number.isInteger(value))) set(key, value);
  };
  return (
    <fieldset className="lab-controls" disabled={locked} data-testid="lab-controls">
      <legend className="visually-hidden">Settings</legend>
      <label htmlFor={`${id}-images`}>Images</label>
      <select id={`${id}-images`} value={images} onChange={(e) => set('polarities', IMAGES.find((o) => o.value === e.target.value)?.polarities ?? settings.polarities)} data-testid="lab-images">
        {IMAGES.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      <label htmlFor={`${id}-hidden`}>Hidden activation</label>
      <select id={`${id}-hidden`} value={settings.hidden} onChange={(e) => set('hidden', e.target.value as LabSettings['hidden'])}>
        {hiddenActivations.map((v) => (
          <option key={v} value={v}>{v}</option>
        ))}
      </select>
      <label htmlFor={`${id}-output`}>Output activation</label>
      <select id={`${id}-output`} value={settings.output} onChange={(e) => set('output', e.target.value as LabSettings['output'])}>
        {outputActivations.map((v) => (
          <option key={v} value={v}>{v === 'relu' ? 'relu (seed)' : v}</option>
        ))}
      </select>
      <label htmlFor={`${id}-lr`}>Learning rate</label>
      <input id={`${id}-lr`} type="number" min="0.0001" step="any" defaultValue={settings.lr} onChange={(e) => number('lr', e.target.value, false)} data-testid="lab-lr" />
      <label htmlFor={`${id}-init`}>Initialiser</label>
      <select id={`${id}-init`} value={settings.init} onChange={(e) => set('init', e.target.value as LabSettings['init'])}>
        {initializers.map((v) => (
          <option key={v} value={v}>{v === 'torch' ? 'torch (seed)' : v}</option>
        ))}
      </select>
      <label htmlFor={`${id}-input`}>Input</label>
      <select id={`${id}-input`} value={settings.input} onChange={(e) => set('input', e.target.value as LabSettings['input'])}>
        {inputScalings.map((v) => (
          <option key={v} value={v}>{INPUT_LABELS[v]}</option>
        ))}
      </select>
      <label htmlFor={`${id}-seed`}>Seed</label>
      <input id={`${id}-seed`} type="number" min="0" step="1" defaultValue={settings.seed} onChange={(e) => number('seed', e.target.value, true)} data-testid="lab-seed" />
      <label htmlFor={`${id}-epochs`}>Epochs</label>
      <input id={`${id}-epochs`} type="number" min="1" max="50" step="1" defaultValue={settings.epochs} onChange={(e) => number('epochs', e.target.value, true)} />
      <label htmlFor={`${id}-eval`}>Evaluate every</label>
      <span>
        <input id={`${id}-eval`} type="number" min="1" step="1" defaultValue={settings.evalEvery} onChange={(e) => number('evalEvery', e.target.value, true)} data-testid="lab-eval-every" /> steps
      </span>
      <label htmlFor={`${id}-backend`}>Backend</label>
      <select id={`${id}-backend`} value={settings.backend} onChange={(e) => set('backend', e.target.value as BackendChoice)} data-testid="lab-backend">
        {BACKENDS.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </fieldset>
  );
}
