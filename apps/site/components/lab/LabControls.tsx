'use client';

import { hiddenActivations, initializers, inputScalings, outputActivations, polarities } from '@negmnist/core';
import { useId } from 'react';
import { LAB_ENGINE_ORDER, labEngineName } from '../../lib/lab/engines';
import type { BackendChoice } from '../../lib/lab/engines';
import { parseNumericSetting } from '../../lib/lab/settings';
import type { Polarity } from '@negmnist/core';
import type { LabSettings, NumericSetting } from '../../lib/lab/settings';

/** Props of {@link LabControls}. */
export interface LabControlsProps {
  settings: LabSettings;
  onChange: (settings: LabSettings) => void;
  /** A numeric field's text became invalid (with why) or valid again (undefined). */
  onFieldError: (key: NumericSetting, error: string | undefined) => void;
  /** The numeric fields whose text is invalid, with why: shown beside each field. */
  errors: Partial<Record<NumericSetting, string>>;
  /** Settings are fixed while runs exist (Reset frees them). */
  locked: boolean;
}

const IMAGES: readonly { value: string; label: string; polarities: readonly Polarity[] }[] = [
  { value: 'both', label: 'both, side by side', polarities },
  { value: 'positive', label: 'positive only', polarities: ['positive'] },
  { value: 'negative', label: 'negative only', polarities: ['negative'] },
];
const INPUT_LABELS: Record<(typeof inputScalings)[number], string> = {
  unit: 'pixel / 255 (seed)',
  centred: 'centred: x − mean',
  standardised: 'standardised',
  'pixel-centred': 'pixel-centred: x − per-pixel mean',
  'mean-swapped': 'mean-swapped: x − μ + (1 − μ)',
};
// values are the ids `negmnist ls` and the CLI's --backend use for the engine a record names
const BACKENDS: readonly { value: BackendChoice; label: string }[] = [{ value: 'auto', label: 'best available' }, ...LAB_ENGINE_ORDER.map((id) => ({ value: id, label: labEngineName(id) }))];

/** The lab's settings form: network, optimiser, data and engine. */
export function LabControls({ settings, onChange, onFieldError, errors, locked }: LabControlsProps) {
  const id = useId();
  const set = <K extends keyof LabSettings>(key: K, value: LabSettings[K]) => onChange({ ...settings, [key]: value });
  const images = IMAGES.find((option) => option.polarities.join() === settings.polarities.join())?.value ?? 'both';
  // Only valid values reach the settings; an invalid entry is named beside its field and holds Start back.
  const number = (key: NumericSetting, raw: string) => {
    const parsed = parseNumericSetting(key, raw);
    onFieldError(key, 'error' in parsed ? parsed.error : undefined);
    if ('value' in parsed) set(key, parsed.value);
  };
  /** The input's error wiring: aria-invalid and the message it is described by. */
  const invalid = (key: NumericSetting) => (errors[key] === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': `${id}-${key}-error` });
  const message = (key: NumericSetting) =>
    errors[key] === undefined ? null : (
      <span className="field-error" id={`${id}-${key}-error`} data-testid={`lab-${key}-error`}>
        {errors[key]}
      </span>
    );
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
      <span className="lab-field">
        <input id={`${id}-lr`} type="number" step="any" defaultValue={settings.lr} onChange={(e) => number('lr', e.target.value)} {...invalid('lr')} data-testid="lab-lr" />
        {message('lr')}
      </span>
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
      <span className="lab-field">
        <input id={`${id}-seed`} type="number" min="0" step="1" defaultValue={settings.seed} onChange={(e) => number('seed', e.target.value)} {...invalid('seed')} data-testid="lab-seed" />
        {message('seed')}
      </span>
      <label htmlFor={`${id}-epochs`}>Epochs</label>
      <span className="lab-field">
        <input id={`${id}-epochs`} type="number" min="1" max="50" step="1" defaultValue={settings.epochs} onChange={(e) => number('epochs', e.target.value)} {...invalid('epochs')} data-testid="lab-epochs" />
        {message('epochs')}
      </span>
      <label htmlFor={`${id}-eval`}>Evaluate every</label>
      <span className="lab-field">
        <span className="lab-steps">
          <input id={`${id}-eval`} type="number" min="1" step="1" defaultValue={settings.evalEvery} onChange={(e) => number('evalEvery', e.target.value)} {...invalid('evalEvery')} data-testid="lab-eval-every" /> steps
        </span>
        {message('evalEvery')}
      </span>
      <label htmlFor={`${id}-backend`}>Engine</label>
      <select id={`${id}-backend`} value={settings.backend} onChange={(e) => set('backend', e.target.value as BackendChoice)} data-testid="lab-backend">
        {BACKENDS.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </fieldset>
  );
}
