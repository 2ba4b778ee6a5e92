'use client';

import { parseRunRecordText } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';
import { useId, useState } from 'react';
import './record-drop.css';

/** Props of {@link RecordDrop}. */
export interface RecordDropProps {
  /** Called with each valid record dropped or chosen. */
  onRecords: (records: RunRecord[]) => void;
}

/** Reads files as run records; one error line per file that is not a valid record. */
async function readRecords(files: readonly File[]): Promise<{ records: RunRecord[]; errors: string[] }> {
  const records: RunRecord[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      records.push(parseRunRecordText(await file.text(), file.name));
    } catch (error) {
      errors.push(error instanceof Error ? error.message : `${file.name}: ${String(error)}`);
    }
  }
  return { records, errors };
}

/** A drop zone (and file picker) for record.json files, e.g. runs downloaded from the lab, validated with the results schema. */
export function RecordDrop({ onRecords }: RecordDropProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [added, setAdded] = useState<string[]>([]);
  const take = async (files: readonly File[]) => {
    const result = await readRecords(files);
    setErrors(result.errors);
    setAdded(result.records.map((r) => `${r.label} (${r.experiment}/${r.id})`));
    if (result.records.length > 0) onRecords(result.records);
  };
  return (
    <div
      className={`record-drop${over ? ' over' : ''}`}
      data-testid="record-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take([...e.dataTransfer.files]);
      }}
    >
      <label htmlFor={id}>
        <strong>Compare your own runs:</strong> drop <code>record.json</code> files here (from the Lab or <code>negmnist train</code>), or choose them:
      </label>{' '}
      <input id={id} type="file" accept="application/json,.json" multiple onChange={(e) => void take([...(e.target.files ?? [])])} data-testid="record-file" />
      <div aria-live="polite">
        {added.length > 0 ? <p className="muted" data-testid="record-drop-added">Added {added.join(', ')}: ticked in the table and drawn in the overlay.</p> : null}
        {errors.length > 0 ? (
          <ul className="warning" data-testid="record-drop-errors">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
