import type { RunRecord } from '@negmnist/results';
import { activationStats, confusionMatrix, deadUnits, gradientHistograms, gradientNorms, learningCurves } from '@negmnist/viz';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Figure } from '../../../../components/Figure';
import { HowToProduceResults } from '../../../../components/Notices';
import { chartSvg, withStepTicks } from '../../../../lib/charts';
import { duration, percent } from '../../../../lib/format';
import { findRecord, runParams } from '../../../../lib/params';
import type { RunParams } from '../../../../lib/params';
import { getResults } from '../../../../lib/results';
import { runHref, runKey, runRow } from '../../../../lib/runs';

export const dynamicParams = false;
export const generateStaticParams = runParams;

type PageProps = { params: Promise<RunParams> };

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const record = await findRecord(params);
  return { title: record ? `${record.label} · seed ${record.config.seed}` : 'No such run' };
}

function RunFacts({ record }: { record: RunRecord }) {
  const row = runRow(record);
  const { config } = record;
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Outcome</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd className={`status-${record.status}`}>
            {record.status}
            {record.divergence ? ` at step ${record.divergence.step}: ${record.divergence.reason}` : ''}
          </dd>
          <dt>Final val accuracy</dt>
          <dd>{percent(row.finalValAccuracy, 2)}</dd>
          <dt>Best val accuracy</dt>
          <dd>{percent(row.bestValAccuracy, 2)}</dd>
          <dt>Drops &gt; 5 points</dt>
          <dd>{row.instability}</dd>
          <dt>fc1 dead units (end)</dt>
          <dd>{percent(row.deadFraction)}</dd>
          <dt>Steps</dt>
          <dd>
            {record.step} of {record.totalSteps} ({record.stepsPerEpoch} per epoch)
          </dd>
          <dt>Wall time</dt>
          <dd>
            {duration(record.wallTimeMs)}
            {record.step > 0 ? ` (${(record.wallTimeMs / record.step).toFixed(1)} ms per step, evaluations included)` : ''}
          </dd>
          <dt>Backend</dt>
          <dd>{row.backend}</dd>
          {record.provenance ? (
            <>
              <dt>Trained on</dt>
              <dd>
                host {record.provenance.host}
                {record.provenance.shard
                  ? `, shard ${record.provenance.shard.index} of ${record.provenance.shard.count} (${{ flag: '--shard', slurm: 'Slurm array task', kubernetes: 'Kubernetes Indexed Job' }[record.provenance.shard.source]})`
                  : ''}
              </dd>
            </>
          ) : null}
          <dt>Started / updated</dt>
          <dd>
            <time dateTime={record.startedAt}>{record.startedAt.replace('T', ' ').slice(0, 19)}</time> /{' '}
            <time dateTime={record.updatedAt}>{record.updatedAt.replace('T', ' ').slice(0, 19)}</time> UTC
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="config-heading">
        <h2 id="config-heading">Configuration</h2>
        <dl className="facts">
          <dt>Dataset</dt>
          <dd>
            {config.dataset}, {config.negative ? 'negative images (1 − x)' : 'positive images'}
          </dd>
          <dt>Layers</dt>
          <dd>{config.layers.join(' → ')}</dd>
          <dt>Activations</dt>
          <dd>
            hidden {config.hidden}, output {config.output}
          </dd>
          <dt>Init</dt>
          <dd>{config.init}</dd>
          <dt>SGD</dt>
          <dd>
            lr {config.lr}, batch {config.batchSize}, {config.epochs} epochs
          </dd>
          <dt>Evaluation</dt>
          <dd>
            every {config.evalEvery} batches; probes on {config.probeSize} images
          </dd>
          <dt>Seed</dt>
          <dd>{config.seed}</dd>
          <dt>Versions</dt>
          <dd>
            {Object.entries(record.versions)
              .map(([name, version]) => `${name} ${version}`)
              .join(', ') || 'n/a'}
          </dd>
        </dl>
      </section>
    </div>
  );
}

function RunCharts({ record }: { record: RunRecord }) {
  const one = [record];
  const title = { title: null } as const;
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">Charts</h2>
      <Figure title="Learning curves" svg={chartSvg(withStepTicks(learningCurves(one, { ...title, band: 'none' })))} caption="Loss and accuracy against optimiser step." />
      <Figure title="Dead units" svg={chartSvg(withStepTicks(deadUnits(one, { ...title, band: 'none' })))} caption="Share of each layer's units that output zero for every probe image; last column: probe images whose logits are all ≤ 0." />
      <Figure title="Gradient norms" svg={chartSvg(withStepTicks(gradientNorms(one, { ...title, band: 'none' })))} caption="L2 norm of each layer's weight gradient at the last batch before each evaluation (log scale)." />
      <Figure title="Activation statistics" svg={chartSvg(withStepTicks(activationStats(one, { ...title, band: 'none' })))} caption="Mean and standard deviation of each layer's outputs over the probe images." />
      {record.gradientHistograms.length > 0 ? (
        <Figure title="fc1 gradient histograms" svg={chartSvg(gradientHistograms(one, title))} caption="Distribution of fc1 weight gradients at the last batch of each epoch." />
      ) : null}
      {record.confusion ? (
        <Figure title="Confusion matrix" svg={chartSvg(confusionMatrix(one, title))} caption="Validation set at the last evaluation; rows are true classes." />
      ) : null}
    </section>
  );
}

export default async function RunPage({ params }: PageProps) {
  const record = await findRecord(params);
  const results = await getResults();
  if (!record) {
    return (
      <>
        <h1>No such run</h1>
        <HowToProduceResults dir={results.dir} found={results.found} />
      </>
    );
  }
  const seeds = results.records.filter((r) => r.label === record.label && runKey(r) !== runKey(record));
  const base = runHref(record);
  return (
    <>
      <p className="muted">
        <Link href="/runs/">Runs</Link> / {record.experiment}
      </p>
      <h1>
        {record.label} · seed {record.config.seed}
      </h1>
      <p className="lede">
        Run <code>{record.id}</code> of experiment <code>{record.experiment}</code>.
      </p>
      <p className="downloads">
        <a href={`${base}record.json`} download={`${record.experiment}-${record.id}.json`}>
          Download record (JSON)
        </a>
        <a href={`${base}curves.csv`} download={`${record.experiment}-${record.id}-curves.csv`}>
          Download curves (CSV)
        </a>
      </p>
      <RunFacts record={record} />
      <RunCharts record={record} />
      {seeds.length > 0 ? (
        <nav aria-label="Other seeds of this configuration">
          <h2>Other seeds of {record.label}</h2>
          <ul>
            {seeds.map((r) => (
              <li key={runKey(r)}>
                <Link href={runHref(r)}>
                  seed {r.config.seed} ({r.id})
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
