'use client';

import type { RunRecord } from '@negmnist/results';
import { useState } from 'react';
import { MAX_OVERLAY } from '../../lib/overlay';
import { runKey, runRow } from '../../lib/runs';
import type { RunRow } from '../../lib/runs';
import { RecordDrop } from './RecordDrop';
import { RunsExplorer } from './RunsExplorer';
import type { RunsExplorerProps } from './RunsExplorer';

/** The runs explorer plus records the reader drops in (kept in this page only, listed with the others). */
export function RunsWithDrop(props: RunsExplorerProps) {
  const [dropped, setDropped] = useState<RunRecord[]>([]);
  const add = (records: RunRecord[]) =>
    setDropped((current) => {
      const keys = new Set(records.map(runKey));
      return [...current.filter((r) => !keys.has(runKey(r))), ...records];
    });
  const known = new Set(props.rows.map((row) => row.key));
  // a dropped record with the key of a built run would be ambiguous: it gets its own experiment name
  const renamed = dropped.map((r) => (known.has(runKey(r)) ? { ...r, experiment: `${r.experiment}-dropped` } : r));
  const rows: RunRow[] = [...props.rows, ...renamed.map((r) => ({ ...runRow(r), href: '#dropped-runs' }))];
  const droppedKeys = renamed.map(runKey);
  const selection = [...droppedKeys, ...props.initialSelection.filter((key) => !droppedKeys.includes(key))].slice(0, MAX_OVERLAY);
  return (
    <>
      <span id="dropped-runs" />
      <RecordDrop onRecords={add} />
      <RunsExplorer
        key={droppedKeys.join('\n')}
        rows={rows}
        records={[...props.records, ...renamed]}
        initialSelection={selection}
        initialSvg={dropped.length > 0 ? '' : props.initialSvg}
      />
    </>
  );
}
